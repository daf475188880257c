package io.sluice.certs;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * A small self-signed certificate authority that mints the TLS certificates Sluice nodes and
 * clients use for mutual TLS, both from tests (in-process) and from {@link CertsCli}.
 *
 * <p>Everything is EC P-256 signed with SHA256withECDSA, which every TLS 1.3 stack supports. The CA
 * certificate is {@code CA:true, pathLen:0} (it signs leaves only) with key usage
 * {@code keyCertSign|cRLSign}; leaves carry random 128-bit serials, subject/authority key
 * identifiers and, for nodes, DNS and IP subject alternative names so hostname verification works.
 * A leaf never outlives its CA: its validity is cut at the CA's not-after date.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class CertificateAuthority {

    /** Alias of the CA key entry in the PKCS12 file written by {@link #save}. */
    public static final String ALIAS = "ca";

    private final X509Certificate certificate;
    private final PrivateKey privateKey;

    private CertificateAuthority(X509Certificate certificate, PrivateKey privateKey) {
        this.certificate = certificate;
        this.privateKey = privateKey;
    }

    /**
     * Creates a new CA with a fresh key.
     *
     * @param commonName the CA's {@code CN}, e.g. "Sluice Dev CA"
     * @param validity how long the CA certificate is valid from now (must be positive)
     */
    public static CertificateAuthority create(String commonName, Duration validity) {
        X500Name name = Certificates.name(commonName);
        Certificates.Window window = Certificates.window(validity, null);
        KeyPair keys = Certificates.newKeyPair();
        var builder = new JcaX509v3CertificateBuilder(name, Certificates.newSerial(),
                window.notBefore(), window.notAfter(), name, keys.getPublic());
        X509Certificate cert = Certificates.sign(builder, b -> {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, Certificates.keyId(keys.getPublic()));
        }, keys.getPrivate());
        return new CertificateAuthority(cert, keys.getPrivate());
    }

    /**
     * Reads a CA written by {@link #save}.
     *
     * @throws java.io.UncheckedIOException if the file is missing, unreadable or the password is wrong
     * @throws IllegalArgumentException if the file holds no CA key entry under {@value #ALIAS}
     */
    public static CertificateAuthority load(Path pkcs12, char[] password) {
        KeyStore store = KeyStores.load(pkcs12, password);
        try {
            Key key = store.getKey(ALIAS, password);
            Certificate cert = store.getCertificate(ALIAS);
            if (!(key instanceof PrivateKey privateKey) || !(cert instanceof X509Certificate x509)
                    || x509.getBasicConstraints() < 0) {
                throw new IllegalArgumentException(pkcs12 + " holds no CA key entry with alias '" + ALIAS + "'");
            }
            return new CertificateAuthority(x509, privateKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the CA key in " + pkcs12 + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the CA key and certificate as PKCS12 (alias {@value #ALIAS}, protected by
     * {@code password}) with {@link KeyStores#writeAtomically}: atomic replace, owner-only
     * permissions, and a timestamped backup of any previous file.
     */
    public void save(Path pkcs12, char[] password) {
        KeyStores.writeAtomically(KeyStores.keyStore(asIssued(), ALIAS, password), pkcs12, password);
    }

    /** The self-signed CA certificate (what clients and nodes trust). */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The CA's signing key. */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /**
     * Issues a node (server) certificate usable for both sides of mutual TLS.
     *
     * @param commonName the subject {@code CN}, usually the node name
     * @param dnsNames DNS subject alternative names (may be null or empty; {@code *.x} allowed)
     * @param ipAddresses IPv4/IPv6 literal subject alternative names (may be null or empty)
     * @param validity requested lifetime; capped at the CA's own expiry
     * @throws IllegalArgumentException for a blank name, bad DNS name, non-literal IP or non-positive validity
     */
    public IssuedCertificate issueNode(String commonName, List<String> dnsNames, List<String> ipAddresses,
            Duration validity) {
        GeneralNames sans = Certificates.subjectAltNames(dnsNames, ipAddresses);
        return issue(commonName, Role.NODE, sans, validity, KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth);
    }

    /** Issues a client certificate for a caller (extended key usage clientAuth only, no role, no alternative names). */
    public IssuedCertificate issueClient(String commonName, Duration validity) {
        return issue(commonName, null, null, validity, KeyPurposeId.id_kp_clientAuth);
    }

    /**
     * Issues an operator certificate for the monitor and scripts: clientAuth only, with {@code role}
     * ({@link Role#VIEWER} or {@link Role#OPERATOR}) as the subject's OU, which the admin API reads
     * to decide whether the caller may act.
     *
     * @throws IllegalArgumentException for {@link Role#NODE}, which only {@link #issueNode} grants
     */
    public IssuedCertificate issueOperator(String commonName, Role role, Duration validity) {
        Objects.requireNonNull(role, "role");
        if (role == Role.NODE) {
            throw new IllegalArgumentException("role node is only given to node certificates (issue-node)");
        }
        return issue(commonName, role, null, validity, KeyPurposeId.id_kp_clientAuth);
    }

    /**
     * Reissues {@code previous} (rotation): a new key and serial, but the same subject (CN and role
     * OU), the same subject alternative names and the same key usage and extended key usage,
     * signed by this CA, which need not be the one that signed {@code previous} (that is how
     * certificates move to a new CA).
     *
     * @param validity requested lifetime; capped at this CA's own expiry
     * @throws IllegalArgumentException if {@code previous} is a CA certificate
     */
    public IssuedCertificate reissue(X509Certificate previous, Duration validity) {
        Objects.requireNonNull(previous, "previous");
        if (previous.getBasicConstraints() >= 0) {
            throw new IllegalArgumentException("'" + previous.getSubjectX500Principal().getName()
                    + "' is a CA certificate; renew leaves only (replace a CA with create-ca --force or rotate-ca.sh)");
        }
        X509CertificateHolder old;
        try {
            old = new JcaX509CertificateHolder(previous);
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("cannot read certificate to renew: " + e.getMessage(), e);
        }
        X500Name subject = old.getSubject();
        return issue(subject, validity, b -> {
            for (ASN1ObjectIdentifier copied : List.of(Extension.keyUsage, Extension.extendedKeyUsage,
                    Extension.subjectAlternativeName)) {
                Extension extension = old.getExtension(copied);
                if (extension != null) {
                    b.addExtension(extension);
                }
            }
        });
    }

    /** This CA as an {@link IssuedCertificate} whose chain is just the CA certificate. */
    IssuedCertificate asIssued() {
        return new IssuedCertificate(certificate, privateKey, List.of(certificate));
    }

    private IssuedCertificate issue(String commonName, Role role, GeneralNames sans, Duration validity,
            KeyPurposeId... purposes) {
        X500Name subject = Certificates.name(commonName, role == null ? null : role.unit());
        return issue(subject, validity, b -> {
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
            if (sans != null) {
                b.addExtension(Extension.subjectAlternativeName, false, sans);
            }
        });
    }

    /** A leaf for {@code subject} with a fresh key: basic constraints, key identifiers, then {@code usage}. */
    private IssuedCertificate issue(X500Name subject, Duration validity, Certificates.Extensions usage) {
        Certificates.Window window = Certificates.window(validity, certificate.getNotAfter().toInstant());
        KeyPair keys = Certificates.newKeyPair();
        var builder = new JcaX509v3CertificateBuilder(certificate, Certificates.newSerial(),
                window.notBefore(), window.notAfter(), subject, keys.getPublic());
        X509Certificate leaf = Certificates.sign(builder, b -> {
            var utils = Certificates.extensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            usage.addTo(b);
            b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
            b.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(certificate));
        }, privateKey);
        return new IssuedCertificate(leaf, keys.getPrivate(), List.of(leaf, certificate));
    }

    @Override
    public String toString() {
        return "CertificateAuthority[" + certificate.getSubjectX500Principal().getName()
                + ", notAfter=" + certificate.getNotAfter().toInstant() + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CertificateAuthority other && certificate.equals(other.certificate);
    }

    @Override
    public int hashCode() {
        return Objects.hash(certificate);
    }
}
