package org.soen.cloud.cli.catalogue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;

/** One throw-away SSH key pair made per run, in OpenSSH file formats, for the Lambda cases. */
record SshKeyMaterial(byte[] privateKey, byte[] publicKey) {
  static SshKeyMaterial generate() throws GeneralSecurityException, IOException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(256);
    KeyPair pair = g.generateKeyPair();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "catalogue", null, out);
    String pub = PublicKeyEntry.toString(pair.getPublic()) + " catalogue\n";
    return new SshKeyMaterial(out.toByteArray(), pub.getBytes(StandardCharsets.US_ASCII));
  }
}
