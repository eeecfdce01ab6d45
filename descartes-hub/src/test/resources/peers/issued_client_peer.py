"""A CLI-like pyzmq client: its certificate issued by POST /api/zmq/clients, both files read with zmq.auth."""
import json
import sys

import msgpack
import zmq
import zmq.auth

commands, certificate, server_certificate = sys.argv[1:4]
public, secret = zmq.auth.load_certificate(certificate)
server, _ = zmq.auth.load_certificate(server_certificate)
req = zmq.Context().socket(zmq.REQ)
req.curve_publickey, req.curve_secretkey, req.curve_serverkey = public, secret, server
req.setsockopt(zmq.RCVTIMEO, 10000)
req.setsockopt(zmq.LINGER, 0)
req.connect(commands)
req.send(msgpack.packb(["health_check_request", "py-issued-1"], use_bin_type=True))
print(json.dumps({"step": "health", "value": msgpack.unpackb(req.recv(), raw=False)}), flush=True)
