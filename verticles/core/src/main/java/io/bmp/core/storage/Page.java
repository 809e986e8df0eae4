package io.bmp.core.storage;

import java.util.List;

/** One page of a list, with the total count of everything the filter matched. */
public record Page<T>(List<T> items, long total, int pageNumber, int pageSize) {}
