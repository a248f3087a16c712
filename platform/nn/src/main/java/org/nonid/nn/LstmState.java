package org.nonid.nn;

/** What an LSTM cell passes on: its output {@code h} and its cell {@code c}, each {@code [batch, hidden]}. */
public record LstmState(Node h, Node c) {
}
