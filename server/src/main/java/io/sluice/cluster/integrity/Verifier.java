package io.sluice.cluster.integrity;

import io.sluice.cluster.Json;
import io.sluice.tls.CertificateRoles;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXCertPathValidatorResult;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * Decides whether a stored value was written by a cluster node: the envelope parses, the leaf
 * certificate is a node certificate ({@code OU=node}, key usage digitalSignature, not a CA) valid
 * at the verification time, its chain leads to one of the CAs trusted now, and the signature over
 * map, key and payload verifies with the leaf's key.
 *
 * <p>The chain is checked with the JDK's PKIX {@link CertPathValidator} rather than a hand-written
 * signature check against the CA: it also handles intermediate CAs, checks validity dates, basic
 * constraints and CA key usage on every certificate on the path, and picks whichever trusted CA
 * signed it, which is what a trust bundle with an old and a new CA needs during a CA rotation.
 * Revocation checking is off: the cluster CA publishes no CRL or OCSP responder; a leaked node key
 * is handled by rotating the CA (see docs/SECURITY.md). Trust anchors themselves are taken as
 * trusted without a date check (PKIX semantics); removing a CA from the trust store is what ends it.
 */
public final class Verifier {

    static final int MAX_CHAIN = 5;
    /** Far above any real config document; a flood of huge values is refused before it is parsed. */
    static final int MAX_STORED_CHARS = 8 << 20;
    private static final int MAX_REASON = 200;

    private final CheckedChains chains = new CheckedChains();

    /** Checks {@code stored}, read from {@code map} under {@code key}, against {@code trusted} at {@code at}. */
    public Verdict verify(String map, String key, String stored, List<X509Certificate> trusted, Instant at) {
        if (stored == null || stored.isBlank()) {
            return new Verdict.Invalid("empty value");
        }
        if (stored.length() > MAX_STORED_CHARS) {
            return new Verdict.Invalid("value of " + stored.length() + " characters exceeds " + MAX_STORED_CHARS);
        }
        SignedValue value;
        try {
            value = Json.read(stored, SignedValue.class);
        } catch (IllegalArgumentException e) {
            return new Verdict.Invalid("not a signed value (unreadable envelope)");
        }
        if (value.sig() == null || value.chain().isEmpty() || value.payload() == null) {
            return new Verdict.Invalid("not signed: no signature, certificate chain or payload");
        }
        if (value.v() != SignedValue.FORMAT) {
            return new Verdict.Invalid("unknown envelope format " + value.v());
        }
        if (!SignedValue.ALGORITHMS.contains(value.alg())) {
            return new Verdict.Invalid("algorithm " + clip(value.alg()) + " is not accepted (" + SignedValue.ALGORITHMS + ")");
        }
        if (value.chain().size() > MAX_CHAIN) {
            return new Verdict.Invalid("certificate chain of " + value.chain().size() + " exceeds " + MAX_CHAIN);
        }
        CheckedChains.Checked known = chains.get(value.chain(), trusted, at);
        List<X509Certificate> chain;
        if (known != null) {
            chain = known.chain();
        } else {
            try {
                chain = decode(value.chain());
            } catch (CertificateException | IllegalArgumentException e) {
                return new Verdict.Invalid("certificate chain unreadable");
            }
        }
        X509Certificate leaf = chain.getFirst();
        String leafProblem = leafProblem(leaf, at);
        if (leafProblem != null) {
            return new Verdict.Invalid(leafProblem + " (" + subject(leaf) + ")");
        }
        X509Certificate anchor;
        if (known != null) {
            anchor = known.anchor();
        } else {
            try {
                anchor = anchorOf(chain, trusted, at);
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                return new Verdict.Invalid("certificate " + subject(leaf) + " does not chain to a trusted CA: " + clip(e.getMessage()));
            }
            chains.put(value.chain(), CheckedChains.Checked.of(chain, anchor, trusted));
        }
        if (!keyMatches(leaf.getPublicKey(), value.alg())) {
            return new Verdict.Invalid("algorithm " + value.alg() + " does not fit the certificate's " + leaf.getPublicKey().getAlgorithm() + " key");
        }
        try {
            Signature signature = Signature.getInstance(value.alg());
            signature.initVerify(leaf.getPublicKey());
            signature.update(SignedValue.signedBytes(map, key, value.signer(), value.alg(), value.payload()));
            if (!signature.verify(Base64.getDecoder().decode(value.sig()))) {
                return new Verdict.Invalid("signature does not match the value, map and key (signed by " + subject(leaf) + ")");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return new Verdict.Invalid("signature unreadable (signed by " + subject(leaf) + ")");
        }
        return new Verdict.Valid(value.payload(), value.signer(), leaf, anchor);
    }

    /** How many validated chains are kept for reuse (see {@link CheckedChains}). */
    int checkedChains() {
        return chains.size();
    }

    /**
     * The trusted CA that {@code chain} (leaf first; a trailing self-signed root is ignored) leads
     * to at {@code at}.
     *
     * @throws GeneralSecurityException naming why it leads to none
     */
    public X509Certificate anchorOf(List<X509Certificate> chain, List<X509Certificate> trusted, Instant at) throws GeneralSecurityException {
        if (trusted == null || trusted.isEmpty()) {
            throw new CertPathValidatorException("no CA is trusted");
        }
        List<X509Certificate> path = new ArrayList<>(chain);
        while (path.size() > 1 && selfSigned(path.getLast())) {
            path.removeLast();
        }
        Set<TrustAnchor> anchors = new HashSet<>();
        for (X509Certificate ca : trusted) {
            anchors.add(new TrustAnchor(ca, null));
        }
        PKIXParameters params = new PKIXParameters(anchors);
        params.setRevocationEnabled(false);
        params.setDate(Date.from(at));
        var certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
        var result = (PKIXCertPathValidatorResult) CertPathValidator.getInstance("PKIX").validate(certPath, params);
        return result.getTrustAnchor().getTrustedCert();
    }

    /** Why {@code leaf} may not sign cluster state at {@code at}, or null. */
    static String leafProblem(X509Certificate leaf, Instant at) {
        List<String> units = CertificateRoles.subjectValues(leaf, "OU");
        if (!units.equals(List.of("node"))) {
            return "certificate role " + (units.isEmpty() ? "(none)" : String.join(",", units))
                    + " may not sign cluster state, only OU=node";
        }
        boolean[] usage = leaf.getKeyUsage();
        if (usage == null || usage.length == 0 || !usage[0]) {
            return "certificate lacks key usage digitalSignature";
        }
        if (leaf.getBasicConstraints() >= 0) {
            return "a CA certificate may not sign cluster state";
        }
        try {
            leaf.checkValidity(Date.from(at));
        } catch (CertificateExpiredException e) {
            return "certificate expired at " + leaf.getNotAfter().toInstant();
        } catch (CertificateNotYetValidException e) {
            return "certificate not valid before " + leaf.getNotBefore().toInstant();
        }
        return null;
    }

    private static List<X509Certificate> decode(List<String> chain) throws CertificateException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        for (String der : chain) {
            out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(der))));
        }
        return out;
    }

    private static boolean keyMatches(PublicKey key, String alg) {
        return alg.endsWith("ECDSA") ? key.getAlgorithm().equals("EC") : key.getAlgorithm().equals("RSA");
    }

    private static boolean selfSigned(X509Certificate c) {
        return c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
    }

    private static String subject(X509Certificate c) {
        return clip(c.getSubjectX500Principal().getName());
    }

    /** Reasons end up in logs; values in them come from whoever wrote the map. */
    private static String clip(String s) {
        if (s == null) {
            return "null";
        }
        String oneLine = s.replaceAll("[\\r\\n\\t]", " ");
        return oneLine.length() <= MAX_REASON ? oneLine : oneLine.substring(0, MAX_REASON) + "...";
    }
}
