#!/usr/bin/env python3
"""make-big-evtx.py SOURCE.evtx OUT.evtx SIZE_GB

Writes an EVTX file of about SIZE_GB GiB (rounded down to whole 64 KiB chunks, at least one) for stress tests: SOURCE's
4 KiB file header, then SOURCE's chunks repeated. The header is copied unchanged, so its 16-bit chunk count (and last
chunk number) is wrong for the output; beyond 65535 chunks it cannot be right at all. That is the point: readers must
derive the chunk count from the file size. Record ids repeat with every copy. Standard library only; writes in large
blocks. SIZE_GB may be fractional (0.25).
"""
import os
import sys

HEADER = 4096
CHUNK = 65536
BLOCK_TARGET = 64 * 1024 * 1024  # bytes per write


def main(argv):
    if len(argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    source, out, size_gb = argv[1], argv[2], float(argv[3])
    if size_gb <= 0:
        sys.stderr.write("SIZE_GB must be positive\n")
        return 2

    with open(source, "rb") as f:
        data = f.read()
    if len(data) < HEADER + CHUNK or data[:8] != b"ElfFile\0":
        sys.stderr.write(f"{source}: not an EVTX file with at least one whole chunk\n")
        return 1
    header = data[:HEADER]
    chunks = data[HEADER:HEADER + (len(data) - HEADER) // CHUNK * CHUNK]

    total_chunks = max(1, int(size_gb * (1 << 30) - HEADER) // CHUNK)
    per_copy = len(chunks) // CHUNK
    copies_per_block = max(1, BLOCK_TARGET // len(chunks))
    block = chunks * copies_per_block

    written = 0
    with open(out, "wb", buffering=0) as f:
        f.write(header)
        view = memoryview(block)
        while written < total_chunks:
            n = min(total_chunks - written, copies_per_block * per_copy)
            f.write(view[:n * CHUNK])
            written += n
    size = os.path.getsize(out)
    print(f"{out}: {size} bytes, {written} chunks ({per_copy} source chunks repeated); header says {int.from_bytes(header[42:44], 'little')}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
