package io.signet.protocol.msgpack;

/** A payload record for binding tests. */
record Person(String name, int age, Color favourite) {}
