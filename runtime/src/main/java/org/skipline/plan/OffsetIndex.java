package org.skipline.plan;

import java.util.Arrays;

/**
 * Numbers distinct activation offsets 0, 1, ... in ascending order and finds an offset's number
 * in constant time, by open addressing. The layers' helpers look offsets up several times per
 * layer, thousands of times per image: a binary search took 4 % of an evaluation pass of one
 * image through ResNet-164.
 */
final class OffsetIndex {

  private final int[] offsets;
  /** Hash table: an offset, or -1 for an empty slot, and beside it its number. */
  private final int[] keys;
  private final int[] numbers;
  private final int mask;
  /** 32 minus log2 of the table's size: a hash keeps its top bits. */
  private final int shift;

  /** @param offsets distinct offsets, none negative, in any order */
  OffsetIndex(int[] offsets) {
    this.offsets = offsets.clone();
    Arrays.sort(this.offsets);
    int capacity = Integer.highestOneBit(Math.max(2, this.offsets.length) * 4 - 1);
    keys = new int[capacity];
    numbers = new int[capacity];
    mask = capacity - 1;
    shift = 32 - Integer.numberOfTrailingZeros(capacity);
    Arrays.fill(keys, -1);
    for (int number = 0; number < this.offsets.length; number++) {
      int slot = slot(this.offsets[number]);
      while (keys[slot] >= 0) {
        if (keys[slot] == this.offsets[number]) {
          throw new IllegalArgumentException("offset " + this.offsets[number] + " given twice");
        }
        slot = (slot + 1) & mask;
      }
      keys[slot] = this.offsets[number];
      numbers[slot] = number;
    }
  }

  /** How many offsets there are. */
  int size() {
    return offsets.length;
  }

  /** The offset numbered {@code number}. */
  int offset(int number) {
    return offsets[number];
  }

  /** The number of {@code offset}, which must be one of the offsets. */
  int numberOf(int offset) {
    int slot = slot(offset);
    while (keys[slot] != offset) {
      if (keys[slot] < 0) {
        throw new IllegalArgumentException("no activation starts at offset " + offset);
      }
      slot = (slot + 1) & mask;
    }
    return numbers[slot];
  }

  private int slot(int offset) {
    // Fibonacci hashing: offsets are sums of activation sizes, which share many low factors.
    return (offset * 0x9E3779B9) >>> shift;
  }
}
