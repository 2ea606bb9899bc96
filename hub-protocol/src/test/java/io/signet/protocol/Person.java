package io.signet.protocol;

/** A payload record for binding tests. */
record Person(String name, int age, Color favourite) {}
