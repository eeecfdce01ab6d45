"""Another local user's attempts on the hub's ZeroMQ endpoints and key folder, without a key and with an unknown one.

Prints one JSON line per attempt: "answered" (it got through) or "silent"; for the key files "read" or "denied".
"""
import json
import os
import sys
import time

import msgpack
import zmq

commands, runner_link, pub, runner_commands, server_key, key_folder = sys.argv[1:7]
ctx = zmq.Context()


def step(name, value):
    print(json.dumps({"step": name, "value": value}), flush=True)


# How long every attempt waits for an answer. The attempts wait together: one window, not one per attempt.
WINDOW_S = 3
attempts = []  # (name, socket), in the order they are reported


def socket(kind, keyed):
    s = ctx.socket(kind)
    s.setsockopt(zmq.LINGER, 0)
    if keyed:  # a key pair of its own: the hub has never heard of it
        public, secret = zmq.curve_keypair()
        s.curve_publickey, s.curve_secretkey, s.curve_serverkey = public, secret, server_key.encode()
    return s


def attempt(name, address, kind, frame, keyed):
    s = socket(kind, keyed)
    s.connect(address)
    if kind == zmq.DEALER:
        s.send_multipart([b"", frame])
    else:
        s.send(frame)
    attempts.append((name, s))


def subscribe(name, address, keyed):
    s = socket(zmq.SUB, keyed)
    s.setsockopt(zmq.SUBSCRIBE, b"")
    s.connect(address)
    attempts.append((name, s))


def answered_sockets():
    """The sockets that received anything within the window."""
    poller = zmq.Poller()
    for _, s in attempts:
        poller.register(s, zmq.POLLIN)
    answered = set()
    deadline = time.monotonic() + WINDOW_S
    while len(answered) < len(attempts) and time.monotonic() < deadline:
        for s, _ in poller.poll(max(1, int((deadline - time.monotonic()) * 1000))):
            answered.add(s)
            poller.unregister(s)
    return answered


config = ["stranger", "echo", "pwned", None, None, {"LD_PRELOAD": "evil.so"}, None, None, None]
spawn = msgpack.packb(["spawn_request", "stranger-spawn", config, 30, {}], use_bin_type=True)
listing = msgpack.packb(["list_agents_request", "stranger-list"], use_bin_type=True)
health = msgpack.packb(["health_check_request", "stranger-health"], use_bin_type=True)
for keyed in (False, True):
    who = "unknown-key" if keyed else "no-key"
    attempt(who + " commands spawn", commands, zmq.REQ, spawn, keyed)
    attempt(who + " commands list", commands, zmq.REQ, listing, keyed)
    attempt(who + " runner-link frame", runner_link, zmq.DEALER, health, keyed)
    attempt(who + " runner command endpoint spawn", runner_commands, zmq.REQ, spawn, keyed)
    subscribe(who + " pub", pub, keyed)
answered = answered_sockets()
for name, s in attempts:
    step(name, "answered" if s in answered else "silent")
    s.close()

for name in ("server.key_secret", "client.key_secret"):
    try:
        with open(os.path.join(key_folder, name)) as f:
            f.read()
        step("read " + name, "read")
    except OSError:
        step("read " + name, "denied")
