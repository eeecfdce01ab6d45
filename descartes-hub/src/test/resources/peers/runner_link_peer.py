"""A peer on the hub's runner link over libzmq (pyzmq), with CURVE: sends frames, prints each reply.

Arguments: address, server public key, client public key, client secret key (Z85), then the payloads as hex.
Each payload goes as [b"", payload] on one DEALER; one JSON line per reply: {"reply": "<hex>"}.
"""
import json
import sys

import zmq

address, server_key, public_key, secret_key = sys.argv[1:5]
ctx = zmq.Context()
dealer = ctx.socket(zmq.DEALER)
dealer.setsockopt(zmq.RCVTIMEO, 20000)
dealer.setsockopt(zmq.LINGER, 0)
dealer.curve_serverkey = server_key.encode()
dealer.curve_publickey = public_key.encode()
dealer.curve_secretkey = secret_key.encode()
dealer.connect(address)
for payload in sys.argv[5:]:
    dealer.send_multipart([b"", bytes.fromhex(payload)])
    _, reply = dealer.recv_multipart()
    print(json.dumps({"reply": reply.hex()}), flush=True)
ctx.destroy(linger=0)
