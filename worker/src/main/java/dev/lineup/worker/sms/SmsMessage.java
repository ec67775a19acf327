package dev.lineup.worker.sms;

/**
 * One text message as a gateway sends it.
 *
 * @param to     the recipient in E.164 form
 * @param text   the message
 * @param sender who it is sent as: an E.164 number, or a Twilio messaging-service SID ({@code MG…})
 */
record SmsMessage(String to, String text, String sender) {}
