#!/usr/bin/env python3
"""Slow clients against 127.0.0.1 for Benchmarks/reliability.sh: connections that stall or
trickle (one byte a second) mid-head and mid-body. Prints one JSON object: for each kind the
seconds until the server closed each connection (null: still open after --limit seconds).

  slow-clients.py PORT KEY [--per-kind N] [--limit SECONDS]
"""
import argparse, json, socket, threading, time

def head(key):
    return ("POST /v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
            "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n" % key).encode()

def closed_within(sock, seconds):
    """True when the server closes the connection within `seconds` (anything it sends is read)."""
    sock.settimeout(seconds)
    try:
        while sock.recv(4096):
            pass
        return True
    except socket.timeout:
        return False
    except OSError:
        return True

def run(port, key, kind, limit, results, index):
    start = time.monotonic()
    sock = socket.create_connection(("127.0.0.1", port))
    partial = b"POST /v1/responses HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    if kind == "stalled_body" or kind == "trickled_body":
        sock.sendall(head(key) + b'{"survey":')
    elif kind == "stalled_head":
        sock.sendall(partial)
    trickle = (partial + b"X-Slow: " + b"a" * 10000) if kind == "trickled_head" else b' "support"' * 10000
    position = 0
    elapsed = None
    while time.monotonic() - start < limit:
        if kind.startswith("trickled"):
            try:
                sock.send(trickle[position:position + 1])
                position += 1
            except OSError:
                elapsed = time.monotonic() - start
                break
        if closed_within(sock, 1.0):
            elapsed = time.monotonic() - start
            break
    sock.close()
    results[kind][index] = None if elapsed is None else round(elapsed, 2)

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("key")
    parser.add_argument("--per-kind", type=int, default=10)
    parser.add_argument("--limit", type=float, default=60)
    args = parser.parse_args()
    kinds = ["stalled_head", "trickled_head", "stalled_body", "trickled_body"]
    results = {kind: [None] * args.per_kind for kind in kinds}
    threads = [threading.Thread(target=run, args=(args.port, args.key, kind, args.limit, results, i))
               for kind in kinds for i in range(args.per_kind)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps(results, sort_keys=True))

main()
