package awards.platform;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The principals that are this deployment's admins (the template's {@code AdminPrincipalArns},
 * as {@code ADMIN_PRINCIPAL_ARNS}): an IAM-signed request is an admin's only if it comes from one
 * of them, not merely from anyone the account lets call {@code execute-api:Invoke}. An entry may
 * name a user ({@code arn:aws:iam::111122223333:user/alex}) or a role
 * ({@code arn:aws:iam::111122223333:role/AwardsAdmin}), which admits every session of that role
 * ({@code arn:aws:sts::111122223333:assumed-role/AwardsAdmin/...}).
 */
public record Admins(List<String> principals) {

    public static Admins from(Env env) {
        return new Admins(Arrays.stream(env.require("ADMIN_PRINCIPAL_ARNS").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).toList());
    }

    public boolean admits(String callerArn) {
        for (String p : principals) {
            if (p.equals(callerArn)) {
                return true;
            }
            int role = p.indexOf(":role/");
            if (role > 0 && p.startsWith("arn:aws:iam::")) {
                String account = p.substring("arn:aws:iam::".length(), role);
                String name = p.substring(role + ":role/".length());
                name = name.substring(name.lastIndexOf('/') + 1); // a role's path is not part of its session ARN
                if (callerArn.startsWith("arn:aws:sts::" + account + ":assumed-role/" + name + "/")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Refuses (403) a request that is not an admin's. */
    public void require(ApiRequest request) {
        Optional<String> caller = request.iamCaller();
        if (caller.isEmpty()) {
            throw Problem.forbidden("admin routes need an IAM-signed request").exception();
        }
        if (!admits(caller.get())) {
            // The caller's own ARN is theirs to know; it names no one else.
            throw Problem.forbidden(caller.get() + " is not one of this deployment's admins (the AdminPrincipalArns parameter)").exception();
        }
    }
}
