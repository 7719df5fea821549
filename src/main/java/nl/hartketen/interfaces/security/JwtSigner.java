package nl.hartketen.interfaces.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Signs JSON Web Tokens with RS256 and publishes the public key as a JWKS. Used by the development token issuer
 * (and by tests); production tokens come from the identity provider, Hartketen only checks them.
 */
public final class JwtSigner {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final PrivateKey privateKey;
    private final RSAPublicKey publicKey;
    private final String keyId;

    public JwtSigner(PrivateKey privateKey, RSAPublicKey publicKey, String keyId) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.keyId = keyId;
    }

    /** A signer with a fresh 2048-bit RSA key, valid until the process ends. */
    public static JwtSigner withNewKey(String keyId) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            return new JwtSigner(pair.getPrivate(), (RSAPublicKey) pair.getPublic(), keyId);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA is part of every Java runtime", e);
        }
    }

    /** A signer with the RSA private key of a PKCS#8 PEM text ("-----BEGIN PRIVATE KEY-----"). */
    public static JwtSigner fromPem(String pem, String keyId) {
        try {
            String base64 =
                    pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
            KeyFactory factory = KeyFactory.getInstance("RSA");
            RSAPrivateCrtKey key = (RSAPrivateCrtKey) factory.generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
            RSAPublicKey publicKey = (RSAPublicKey)
                    factory.generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
            return new JwtSigner(key, publicKey, keyId);
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalArgumentException("not an RSA private key in PKCS#8 PEM form", e);
        }
    }

    public String sign(Map<String, Object> claims) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "RS256");
        header.put("typ", "JWT");
        header.put("kid", keyId);
        String signingInput = encode(header) + "." + encode(claims);
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(privateKey);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + BASE64URL.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign a token", e);
        }
    }

    /** The public key as a JSON Web Key Set, the form identity providers publish theirs in. */
    public String jwks() {
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("kty", "RSA");
        key.put("kid", keyId);
        key.put("use", "sig");
        key.put("alg", "RS256");
        key.put("n", unsigned(publicKey.getModulus()));
        key.put("e", unsigned(publicKey.getPublicExponent()));
        return json(Map.of("keys", List.of(key)));
    }

    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        int start = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
        return BASE64URL.encodeToString(java.util.Arrays.copyOfRange(bytes, start, bytes.length));
    }

    private static String encode(Map<String, Object> value) {
        return BASE64URL.encodeToString(json(value).getBytes(StandardCharsets.UTF_8));
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("claims must be plain JSON values", e);
        }
    }
}
