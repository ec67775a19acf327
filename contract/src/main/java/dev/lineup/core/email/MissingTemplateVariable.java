package dev.lineup.core.email;

/**
 * A template names a variable the job does not give. Enqueue checks the required variables, so
 * this means a job stored before its template's variables changed.
 */
public class MissingTemplateVariable extends IllegalArgumentException {

    private final String variable;

    MissingTemplateVariable(String template, String variable, Throwable cause) {
        super(
                "email template " + template + " needs the variable '" + variable + "', which the job does not give",
                cause);
        this.variable = variable;
    }

    public String variable() {
        return variable;
    }
}
