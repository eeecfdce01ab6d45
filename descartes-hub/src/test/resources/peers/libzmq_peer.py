"""A libzmq (pyzmq) + msgpack peer, to prove the hub is wire compatible with a non-JeroMQ client.

Speaks upstream's encoding by hand: struct-as-array, tag first, UUIDs as 16-byte bin.
Prints one JSON line per step; exits non-zero on any failure.
"""
import json
import sys
import uuid

import msgpack
import zmq

from hub_keys import authenticate

commands, runner_link, pub = sys.argv[1:4]
ctx = zmq.Context()


def step(name, value):
    print(json.dumps({"step": name, "value": value}, default=lambda b: b.hex()), flush=True)


req = ctx.socket(zmq.REQ)  # upstream's client socket type
req.setsockopt(zmq.RCVTIMEO, 10000)
req.setsockopt(zmq.LINGER, 0)
authenticate(req).connect(commands)
req.send(msgpack.packb(["health_check_request", "py-health-1"], use_bin_type=True))
step("health", msgpack.unpackb(req.recv(), raw=False))

agent = uuid.uuid4()
sub = ctx.socket(zmq.SUB)
sub.setsockopt(zmq.RCVTIMEO, 10000)
sub.setsockopt(zmq.LINGER, 0)
sub.setsockopt(zmq.SUBSCRIBE, str(agent).encode())
authenticate(sub).connect(pub)

dealer = ctx.socket(zmq.DEALER)
dealer.setsockopt(zmq.RCVTIMEO, 10000)
dealer.setsockopt(zmq.LINGER, 0)
authenticate(dealer).connect(runner_link)
# until the subscription reaches the PUB socket, heartbeats are the probe
for attempt in range(100):
    hb = ["status_update", agent.bytes, "heartbeat", None, "probe", None, [1700000000, attempt]]
    dealer.send_multipart([b"", msgpack.packb(hb, use_bin_type=True)])
    dealer.recv_multipart()
    try:
        sub.setsockopt(zmq.RCVTIMEO, 200)
        sub.recv_multipart()
        break
    except zmq.Again:
        continue
sub.setsockopt(zmq.RCVTIMEO, 10000)
while True:
    try:
        sub.recv_multipart(zmq.NOBLOCK)
    except zmq.Again:
        break

update = ["status_update", agent.bytes, "status_changed", "running", "Agent started", None, [1700000001, 5]]
dealer.send_multipart([b"", msgpack.packb(update, use_bin_type=True)])
_, ack = dealer.recv_multipart()
step("ack", msgpack.unpackb(ack, raw=False))
frames = sub.recv_multipart()
topic, _, payload = frames[0].partition(b"\x00")
step("published", {"topic": topic.decode(), "message": msgpack.unpackb(payload, raw=False),
                   "event_id": frames[1].decode()})

# a command about the agent is recorded, but PUB carries agent events only (PROTOCOL §12.7): what arrives
# up to a later heartbeat (PUB is in commit order) is the heartbeat alone
req.send(msgpack.packb(["control_command", "py-control-1", agent.bytes, "get_status", None], use_bin_type=True))
msgpack.unpackb(req.recv(), raw=False)
sentinel = ["status_update", agent.bytes, "heartbeat", None, "sentinel", None, [1700000002, 0]]
dealer.send_multipart([b"", msgpack.packb(sentinel, use_bin_type=True)])
dealer.recv_multipart()
types = []
while True:
    message = msgpack.unpackb(sub.recv_multipart()[0].partition(b"\x00")[2], raw=False)
    types.append(message[0])
    if message[0] == "status_update" and message[4] == "sentinel":
        break
step("published_after_command", types)
