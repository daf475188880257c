package io.sluice.certs;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * Crypto plumbing shared by {@link CertificateAuthority}: key generation, serials, names, signing.
 * Uses only the JDK's default providers (SunEC, X.509 CertificateFactory) through BouncyCastle's
 * JCA builders, so no BouncyCastle provider has to be registered and the results work with SunJSSE.
 */
final class Certificates {

    static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    /** Certificates start slightly in the past so peers with a skewed clock accept them at once. */
    static final Duration BACKDATE = Duration.ofHours(1);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern DNS_NAME =
            Pattern.compile("(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    private Certificates() {
    }

    /** A fresh EC P-256 (secp256r1) key pair from the JDK's default provider. */
    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 key generation is not available in this JDK", e);
        }
    }

    /** A random, positive serial of exactly 128 bits (top bit set), as CA/B rules want unpredictable serials. */
    static BigInteger newSerial() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        bytes[0] |= (byte) 0x80;
        return new BigInteger(1, bytes);
    }

    /** {@code CN=commonName}; rejects blank names. */
    static X500Name name(String commonName) {
        return name(commonName, null);
    }

    /**
     * {@code CN=commonName, OU=unit} ({@code unit} may be null for none); rejects blank names.
     * Sluice keeps a certificate's role ({@link Role}) in the OU so that every TLS stack and
     * {@code openssl x509 -subject} shows it without a custom extension.
     */
    static X500Name name(String commonName, String unit) {
        Objects.requireNonNull(commonName, "commonName");
        if (commonName.isBlank()) {
            throw new IllegalArgumentException("common name must not be blank");
        }
        X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE);
        if (unit != null) {
            builder.addRDN(BCStyle.OU, unit);
        }
        return builder.addRDN(BCStyle.CN, commonName.strip()).build();
    }

    /** The subject's OU (where Sluice keeps the {@link Role}), or null if it has none. */
    static String unit(X509Certificate cert) {
        X500Name subject = X500Name.getInstance(cert.getSubjectX500Principal().getEncoded());
        RDN[] units = subject.getRDNs(BCStyle.OU);
        return units.length == 0 ? null : IETFUtils.valueToString(units[0].getFirst().getValue());
    }

    /** The certificate's role as people read it: {@code node}, {@code operator}, {@code viewer} or {@code (none)}. */
    static String roleText(X509Certificate cert) {
        String unit = unit(cert);
        if (unit == null) {
            return "(none)";
        }
        for (Role role : Role.values()) {
            if (role.unit().equals(unit)) {
                return unit;
            }
        }
        return "(none; OU=" + unit + " is not a Sluice role)";
    }

    /** The serial in lower-case hex, the form every command prints and accepts. */
    static String serial(X509Certificate cert) {
        return cert.getSerialNumber().toString(16);
    }

    /** Whole days from {@code now} to the certificate's not-after (negative once expired). */
    static long daysLeft(X509Certificate cert, Instant now) {
        return Duration.between(now, cert.getNotAfter().toInstant()).toDays();
    }

    static Duration requirePositive(Duration validity) {
        Objects.requireNonNull(validity, "validity");
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive, got " + validity);
        }
        return validity;
    }

    /** A certificate's validity period. */
    record Window(Date notBefore, Date notAfter) {
    }

    /** Validity window {@code [now - BACKDATE, min(now + validity, limit)]}; limit may be null. */
    static Window window(Duration validity, Instant limit) {
        Instant now = Instant.now();
        Instant notAfter = now.plus(requirePositive(validity));
        if (limit != null && notAfter.isAfter(limit)) {
            notAfter = limit;
        }
        if (!notAfter.isAfter(now)) {
            throw new IllegalStateException("the issuing CA expired on " + limit + "; create a new CA");
        }
        return new Window(Date.from(now.minus(BACKDATE)), Date.from(notAfter));
    }

    /** Subject alternative names from DNS names and IP literals; null lists count as empty. */
    static GeneralNames subjectAltNames(List<String> dnsNames, List<String> ipAddresses) {
        List<GeneralName> names = new ArrayList<>();
        for (String dns : dnsNames == null ? List.<String>of() : dnsNames) {
            String normalized = Objects.requireNonNull(dns, "DNS name").strip().toLowerCase(Locale.ROOT);
            if (normalized.length() > 253 || !DNS_NAME.matcher(normalized).matches()) {
                throw new IllegalArgumentException("invalid DNS name '" + dns + "'");
            }
            names.add(new GeneralName(GeneralName.dNSName, normalized));
        }
        for (String ip : ipAddresses == null ? List.<String>of() : ipAddresses) {
            String literal = Objects.requireNonNull(ip, "IP address").strip();
            if (!IPAddress.isValid(literal)) {
                throw new IllegalArgumentException("invalid IP address '" + ip + "'");
            }
            names.add(new GeneralName(GeneralName.iPAddress, literal));
        }
        return names.isEmpty() ? null : new GeneralNames(names.toArray(GeneralName[]::new));
    }

    static JcaX509ExtensionUtils extensionUtils() {
        try {
            return new JcaX509ExtensionUtils();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-1 (for key identifiers) is not available", e);
        }
    }

    /** The subject key identifier extension value for {@code key}. */
    static org.bouncycastle.asn1.x509.SubjectKeyIdentifier keyId(PublicKey key) {
        return extensionUtils().createSubjectKeyIdentifier(key);
    }

    /** Adds extensions to a builder; wraps BouncyCastle's checked CertIOException. */
    interface Extensions {
        void addTo(X509v3CertificateBuilder builder) throws IOException, GeneralSecurityException;
    }

    /** Adds {@code extensions}, signs with {@code signingKey} and converts to a JDK certificate. */
    static X509Certificate sign(X509v3CertificateBuilder builder, Extensions extensions, PrivateKey signingKey) {
        try {
            extensions.addTo(builder);
            var signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(signingKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot build certificate: " + e.getMessage(), e);
        }
    }
}
