package io.clothify.model.image;

/**
 * Thrown inside the reduced-scale JPEG decoder when a stream is outside what it decodes (a progressive or 12-bit
 * JPEG, an unusual layout) or is malformed; {@link JpegDcDecoder} turns it into a fallback to the general reader,
 * which then decodes the image or reports it corrupt as it always did.
 */
final class JpegUnsupportedException extends Exception {
    JpegUnsupportedException(String message) {
        super(message, null, false, false); // control flow, not a bug: no stack trace
    }
}
