"""A libzmq (pyzmq) + msgpack client that spawns and controls an agent the way upstream's client does.

REQ socket, struct-as-array, tag first, UUIDs as 16-byte bin, AgentConfig as an array of 9.
Prints one JSON line per reply; exits non-zero on any failure.
"""
import json
import sys

import msgpack
import zmq

from hub_keys import authenticate

commands = sys.argv[1]
ctx = zmq.Context()
req = ctx.socket(zmq.REQ)
req.setsockopt(zmq.RCVTIMEO, 20000)
req.setsockopt(zmq.LINGER, 0)
authenticate(req).connect(commands)


def call(name, message):
    req.send(msgpack.packb(message, use_bin_type=True))
    reply = msgpack.unpackb(req.recv(), raw=False)
    print(json.dumps({"step": name, "value": reply}, default=lambda b: b.hex()), flush=True)
    return reply


config = ["py-agent", "demo", "steps=2000 step-ms=50", None, None, {}, None, None, None]
spawned = call("spawn", ["spawn_request", "py-spawn-1", config, 30, {"client": "pyzmq"}])
agent = spawned[3][0]
for i, command in enumerate(["pause", "resume", "get_status", "stop"]):
    reply = call(command, ["control_command", "py-%s-%d" % (command, i), agent, command, None])
    if not reply[3]:
        sys.exit("%s failed: %s" % (command, reply[6]))
