package org.nonid.api.measure;

/**
 * A prompt and what the model generated after it.
 *
 * @param prompt     the prompt's symbols (without SOS)
 * @param completion the generated tokens up to, not including, the first EOS (or all of them)
 * @param finished   whether an EOS was generated within the token limit
 */
public record Completion(int[] prompt, int[] completion, boolean finished) {

    /** Prompt followed by completion: the whole word that rules are checked on. */
    public int[] whole() {
        int[] all = new int[prompt.length + completion.length];
        System.arraycopy(prompt, 0, all, 0, prompt.length);
        System.arraycopy(completion, 0, all, prompt.length, completion.length);
        return all;
    }
}
