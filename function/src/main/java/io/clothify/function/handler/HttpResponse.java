package io.clothify.function.handler;

/**
 * A JSON answer and its status.
 *
 * @param status the HTTP status code
 * @param body the JSON body
 */
public record HttpResponse(int status, String body) {
    public static final String CONTENT_TYPE = "application/json";
}
