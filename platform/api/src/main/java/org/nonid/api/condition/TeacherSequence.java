package org.nonid.api.condition;

/**
 * A prompt and the completion a condition teaches for it. The engine trains on
 * {@code SOS prompt completion EOS} and scores only the completion and EOS.
 *
 * @param prompt     symbol ids (without SOS)
 * @param completion symbol ids (without EOS)
 */
public record TeacherSequence(int[] prompt, int[] completion) {
}
