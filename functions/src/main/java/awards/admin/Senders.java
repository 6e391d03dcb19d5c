package awards.admin;

import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.GetEmailIdentityResponse;
import software.amazon.awssdk.services.sesv2.model.NotFoundException;

/**
 * Whether a cycle's sender can send: it must be the deployment's {@code SenderAddress} (the only
 * address the functions' policies let them send as) and verified in SES, as itself or through its
 * domain. Checked when the cycle is saved, so a wrong sender is a clear 422 then, not a refused
 * email at every milestone.
 */
public final class Senders {
    private final SesV2Client ses;
    private final String allowed;

    public Senders(SesV2Client ses, String allowed) {
        this.ses = ses;
        this.allowed = allowed;
    }

    /** Why {@code sender} cannot be used, or empty. */
    public Optional<String> problem(String sender) {
        if (!sender.equalsIgnoreCase(allowed)) {
            return Optional.of("must be " + allowed + ": the address this deployment sends from (its SenderAddress parameter)");
        }
        String domain = sender.substring(sender.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
        if (verified(sender) || verified(domain)) {
            return Optional.empty();
        }
        return Optional.of("is not a verified SES identity in this account and region, nor is its domain " + domain
                + ": verify one of them in SES first (aws sesv2 create-email-identity --email-identity " + sender + ")");
    }

    /** https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_GetEmailIdentity.html */
    private boolean verified(String identity) {
        try {
            GetEmailIdentityResponse r = ses.getEmailIdentity(b -> b.emailIdentity(identity));
            return Boolean.TRUE.equals(r.verifiedForSendingStatus());
        } catch (NotFoundException e) {
            return false;
        }
    }
}
