"""Floods the hub's command endpoint with health checks (issue 15, finding 7), run as another local user.

argv: <command endpoint> [<server public key> <client public key> <client secret key>] (CURVE when keys are given).
Pipelines batches of health_check_request on a DEALER (REQ framing: empty delimiter, payload) and reads every reply,
until its stdin closes (or MAX_SERVED were served: a hub without quota). Prints a JSON line after each batch and one at
the end: the ids served (healthy replies) and the number of rate_limited error replies, whose shape it checks. Exits
non-zero on anything else.
"""
import json
import select
import sys

import msgpack
import zmq

BATCH = 200
# a bound for a hub without quota, which serves them all; a bound on frames sent instead would end a flood the hub
# refuses fast before the test is done with it
MAX_SERVED = 10000
ZERO_AGENT = bytes(16)

ctx = zmq.Context()
dealer = ctx.socket(zmq.DEALER)
dealer.setsockopt(zmq.RCVTIMEO, 30000)
dealer.setsockopt(zmq.LINGER, 0)
if len(sys.argv) > 2:
    dealer.curve_serverkey = sys.argv[2].encode()
    dealer.curve_publickey = sys.argv[3].encode()
    dealer.curve_secretkey = sys.argv[4].encode()
dealer.connect(sys.argv[1])

served = []
limited = 0
sent = 0
while len(served) < MAX_SERVED and not select.select([sys.stdin], [], [], 0)[0]:
    for _ in range(BATCH):
        dealer.send_multipart([b"", msgpack.packb(["health_check_request", "flood-%d" % sent], use_bin_type=True)])
        sent += 1
    for _ in range(BATCH):
        _, payload = dealer.recv_multipart()
        reply = msgpack.unpackb(payload, raw=False)
        if reply[0] == "health_check_response":
            served.append(reply[1])
        elif reply[0] == "command_response" and reply[3] is False and reply[5] == {"code": "rate_limited"} \
                and reply[2] == ZERO_AGENT and reply[1].startswith("flood-") and reply[6]:
            limited += 1
        else:
            sys.exit("unexpected reply: %r" % (reply,))
    print(json.dumps({"sent": sent, "served": len(served), "limited": limited}), flush=True)
print(json.dumps({"sent": sent, "served": len(served), "limited": limited, "served_ids": served}), flush=True)
