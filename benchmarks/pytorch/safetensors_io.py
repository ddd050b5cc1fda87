#!/usr/bin/env python3
"""A small reader and writer of the safetensors format, using only struct, json and numpy.

Layout: an 8-byte little-endian unsigned header length L, then L bytes of JSON mapping every
tensor name to {"dtype", "shape", "data_offsets": [begin, end]} (offsets relative to the start
of the data section), optionally "__metadata__" (string to string), then the raw little-endian
tensor data.

    write(path, {"name": array, ...}, metadata=None)
    read(path) -> {"name": array, ...}
    read_with_metadata(path) -> ({"name": array, ...}, metadata or {})

The writer stores F32, F64, F16, I64, I32 (from the numpy dtype of each array; other float and
integer dtypes are rejected), sorts names, aligns the header to 8 bytes with trailing spaces.
The reader accepts F32, F16, BF16, F64, I64, I32 (plus I8, U8, I16, BOOL), converts BF16 to
float32, and rejects malformed files with a ValueError that names the file and the problem.
"""

import json
import struct

import numpy as np

# safetensors dtype -> little-endian numpy dtype
_READ_DTYPES = {
    "F64": np.dtype("<f8"),
    "F32": np.dtype("<f4"),
    "F16": np.dtype("<f2"),
    "BF16": np.dtype("<u2"),  # converted to float32 after reading
    "I64": np.dtype("<i8"),
    "I32": np.dtype("<i4"),
    "I16": np.dtype("<i2"),
    "I8": np.dtype("i1"),
    "U8": np.dtype("u1"),
    "BOOL": np.dtype("?"),
}

# numpy dtype -> safetensors dtype, for writing
_WRITE_DTYPES = {
    np.dtype("float32"): "F32",
    np.dtype("float64"): "F64",
    np.dtype("float16"): "F16",
    np.dtype("int64"): "I64",
    np.dtype("int32"): "I32",
}


def write(path, tensors, metadata=None):
    """Writes a dict of name -> numpy array (or anything np.asarray accepts) to path."""
    header = {}
    blobs = []
    offset = 0
    for name in sorted(tensors):
        if name == "__metadata__":
            raise ValueError("'__metadata__' is reserved and cannot be a tensor name")
        array = np.asarray(tensors[name])
        st_dtype = _WRITE_DTYPES.get(array.dtype)
        if st_dtype is None:
            raise ValueError("tensor '%s': unsupported dtype %s (use float32 or int64)"
                             % (name, array.dtype))
        data = np.ascontiguousarray(array, dtype=array.dtype.newbyteorder("<")).tobytes()
        header[name] = {
            "dtype": st_dtype,
            "shape": [int(d) for d in array.shape],
            "data_offsets": [offset, offset + len(data)],
        }
        blobs.append(data)
        offset += len(data)
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for data in blobs:
            f.write(data)


def read(path):
    """Reads a safetensors file into a dict of name -> numpy array (native byte order)."""
    return read_with_metadata(path)[0]


def read_with_metadata(path):
    with open(path, "rb") as f:
        raw = f.read()

    def bad(message):
        return ValueError("%s: %s" % (path, message))

    if len(raw) < 8:
        raise bad("file is %d bytes, shorter than the 8-byte header length" % len(raw))
    (header_len,) = struct.unpack("<Q", raw[:8])
    if header_len > len(raw) - 8:
        raise bad("header length %d exceeds the %d bytes that follow it"
                  % (header_len, len(raw) - 8))
    try:
        header = json.loads(raw[8:8 + header_len].decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise bad("header is not valid JSON (%s)" % e)
    if not isinstance(header, dict):
        raise bad("header is not a JSON object")
    metadata = header.pop("__metadata__", None) or {}
    if not isinstance(metadata, dict):
        raise bad("__metadata__ is not a JSON object")

    data = memoryview(raw)[8 + header_len:]
    tensors = {}
    spans = []
    for name, entry in header.items():
        if not isinstance(entry, dict):
            raise bad("tensor '%s': entry is not a JSON object" % name)
        st_dtype = entry.get("dtype")
        shape = entry.get("shape")
        offsets = entry.get("data_offsets")
        if st_dtype not in _READ_DTYPES:
            raise bad("tensor '%s': unknown dtype %r" % (name, st_dtype))
        if (not isinstance(shape, list)
                or not all(isinstance(d, int) and d >= 0 for d in shape)):
            raise bad("tensor '%s': shape %r is not a list of non-negative integers"
                      % (name, shape))
        if (not isinstance(offsets, list) or len(offsets) != 2
                or not all(isinstance(o, int) for o in offsets)):
            raise bad("tensor '%s': data_offsets %r is not a pair of integers" % (name, offsets))
        begin, end = offsets
        if not 0 <= begin <= end <= len(data):
            raise bad("tensor '%s': data_offsets [%d, %d] lie outside the %d data bytes"
                      % (name, begin, end, len(data)))
        dtype = _READ_DTYPES[st_dtype]
        count = 1
        for d in shape:
            count *= d
        if count * dtype.itemsize != end - begin:
            raise bad("tensor '%s': shape %s of %s needs %d bytes but data_offsets span %d"
                      % (name, shape, st_dtype, count * dtype.itemsize, end - begin))
        spans.append((begin, end, name))
        array = np.frombuffer(data[begin:end], dtype=dtype).reshape(shape)
        if st_dtype == "BF16":
            array = (array.astype(np.uint32) << 16).view(np.float32)
        else:
            array = array.astype(dtype.newbyteorder("="), copy=True)
        tensors[name] = array

    spans = sorted(s for s in spans if s[1] > s[0])  # empty tensors overlap nothing
    for (b1, e1, n1), (b2, e2, n2) in zip(spans, spans[1:]):
        if b2 < e1:
            raise bad("tensors '%s' and '%s' overlap" % (n1, n2))
    return tensors, metadata
