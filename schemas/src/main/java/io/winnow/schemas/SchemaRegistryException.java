package io.winnow.schemas;

/**
 * A schema registry refused a request or could not be reached. Not a property of one record: the job fails
 * and restarts from its last checkpoint instead of sending records to the dead-letter topic.
 */
public final class SchemaRegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** HTTP status of the refusal, or 0 when the registry did not answer. */
    private final int status;
    /** The registry's own error code ({@code error_code}), or 0 when it gave none. */
    private final int errorCode;

    SchemaRegistryException(int status, int errorCode, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
    }

    public int status() {
        return status;
    }

    public int errorCode() {
        return errorCode;
    }
}
