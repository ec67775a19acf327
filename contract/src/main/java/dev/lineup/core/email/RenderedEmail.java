package dev.lineup.core.email;

/**
 * A template rendered with a job's variables.
 *
 * @param subject the subject line, on one line
 * @param text    the plain-text part; variables as given
 * @param html    the HTML part; variables HTML-escaped
 */
public record RenderedEmail(String subject, String text, String html) {}
