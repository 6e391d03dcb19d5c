package awards.platform;

import java.net.IDN;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The addresses Amazon SES can send to and from, as one rule that the intake API, the cycle set-up
 * and the local SES all apply, so an address the API accepts is one SES accepts.
 *
 * <p>SES does not support SMTPUTF8 (RFC 6531): an address must be 7-bit ASCII, a domain with other
 * characters must be sent as Punycode, and Punycode is not allowed in the local part
 * (https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_Destination.html). SES refuses a
 * malformed address with {@code BadRequestException} "Illegal address". The addr-spec itself is
 * RFC 5321/5322's dot-atom form: atext characters and single dots in the local part (at most 64),
 * letter-digit-hyphen labels of at most 63 in the domain, at most 254 in all. Quoted local parts and
 * address literals are refused here even though RFC 5322 allows them: no entrant needs one, and
 * mail systems handle them badly.
 */
public final class EmailAddress {
    private static final Pattern LOCAL = Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    public static final int MAX_LENGTH = 254;

    private EmailAddress() {}

    /**
     * Why SES would refuse this address, or empty if it sends to it. {@code address} is a bare
     * addr-spec ({@code name@example.gov.uk}), already in its ASCII form.
     */
    public static Optional<String> problem(String address) {
        if (address.length() > MAX_LENGTH) {
            return Optional.of("is " + address.length() + " characters long; an email address has at most " + MAX_LENGTH);
        }
        if (!address.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            return Optional.of("may only use letters, digits and ASCII punctuation: email is sent without SMTPUTF8, "
                    + "so other characters (including invisible ones) cannot be delivered");
        }
        int at = address.lastIndexOf('@');
        if (at <= 0 || at != address.indexOf('@') || at == address.length() - 1) {
            return Optional.of("is not an email address: it needs one @ with a name before it and a domain after it");
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        if (local.length() > 64) {
            return Optional.of("has " + local.length() + " characters before the @; the limit is 64");
        }
        if (!LOCAL.matcher(local).matches()) {
            return Optional.of("is not an email address: the part before the @ may not start or end with a dot, "
                    + "have two dots together, or contain spaces, quotes, brackets, commas or semicolons");
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return Optional.of("is not an email address: the domain after the @ needs a dot, as in example.gov.uk");
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return Optional.of("is not an email address: the domain after the @ must be names of letters, digits and "
                        + "hyphens joined by single dots");
            }
        }
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            return Optional.of("is not an email address: the domain cannot end in a number");
        }
        return Optional.empty();
    }

    /**
     * The form SES can send to: a domain written in other scripts becomes its Punycode (the part
     * before the @ stays as typed, and {@link #problem} then refuses it if it is not ASCII).
     */
    public static String ascii(String address) {
        int at = address.lastIndexOf('@');
        if (at < 0 || address.substring(at + 1).chars().allMatch(c -> c < 0x80)) {
            return address;
        }
        try {
            return address.substring(0, at + 1) + IDN.toASCII(address.substring(at + 1), IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            return address; // not a valid international domain: problem() says why
        }
    }
}
