"""Loads each ZeroMQ certificate file named on the command line with pyzmq's zmq.auth, as a CLI would."""
import sys

import zmq.auth

for path in sys.argv[1:]:
    public, secret = zmq.auth.load_certificate(path)
    print("public", public.decode(), "secret", secret.decode() if secret else None, flush=True)
