package io.clothify.training.data;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;

/** A SHA-256 over sorted entries (relative path, size, label) that identifies the data a model saw. */
public final class Fingerprint {
    private final TreeMap<String, String> entries = new TreeMap<>();

    public synchronized void add(String split, String relativePath, long size, String label) {
        entries.put(split + "/" + relativePath, size + ":" + label);
    }

    public synchronized String digest() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            entries.forEach((k, v) -> md.update((k + "\t" + v + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
