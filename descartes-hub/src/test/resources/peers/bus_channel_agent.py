"""A bus agent on libzmq (pyzmq) + msgpack for seed 003's channel flow: a DEALER that attaches its bus address,
joins a channel and answers each message a person posts there with one message of its own to the channel.

Usage: bus_channel_agent.py <command endpoint> <address> <channel> <answers before it exits>
Prints one JSON line per step ("ready" once attached and joined, "answered" per answer); exits non-zero on failure.
"""
import json
import sys
import time

import msgpack
import zmq

from hub_keys import authenticate

commands, address, channel, answers = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
ctx = zmq.Context()
dealer = ctx.socket(zmq.DEALER)
dealer.setsockopt(zmq.RCVTIMEO, 60000)
dealer.setsockopt(zmq.LINGER, 1000)
authenticate(dealer).connect(commands)


def step(name, **fields):
    print(json.dumps(dict(step=name, address=address, **fields)), flush=True)


def send(message):
    dealer.send(msgpack.packb(message, use_bin_type=True))


def receive():
    return msgpack.unpackb(dealer.recv(), raw=False)


def call(message):
    """Sends and waits for its bus_reply; deliveries arriving meanwhile are kept for later."""
    send(message)
    while True:
        frame = receive()
        if frame[0] == "bus_reply":
            if not frame[2]:
                sys.exit("%s refused: %s" % (message[:2], frame))
            return frame
        pending.append(frame)


pending = []
call(["bus_attach", address])
call(["bus_subscription", address, "join", channel])
step("ready")
answered = 0
while answered < answers:
    message = pending.pop(0) if pending else receive()
    if message[0] != "bus_message":
        continue
    msg_id, sender, payload = message[1], message[3], message[9]
    if isinstance(payload, dict) and "agent" in payload:
        continue  # another agent's answer: people get answers, agents do not answer each other
    now = time.time()
    answer = ["bus_message", "%s-re-%s" % (address, msg_id), "publish", address, None, None, channel, None, msg_id,
              {"agent": address, "answer_to": msg_id, "text": "%s heard %s" % (address, sender)}, 50,
              [int(now), int((now % 1) * 1e9)], 0, False, None]
    reply = call(answer)
    answered += 1
    step("answered", to=msg_id, stored_id=reply[3])
dealer.close()
ctx.term()
