"""CURVE credentials for the libzmq peers: the hub's key folder (DESCARTES_ZMQ_KEYS), read with pyzmq's zmq.auth."""
import os

import zmq.auth


def authenticate(socket):
    """Makes the socket a CURVE client of the hub with the local client certificate; before it connects."""
    keys = os.environ["DESCARTES_ZMQ_KEYS"]
    public, secret = zmq.auth.load_certificate(os.path.join(keys, "client.key_secret"))
    server, _ = zmq.auth.load_certificate(os.path.join(keys, "server.key"))
    socket.curve_publickey = public
    socket.curve_secretkey = secret
    socket.curve_serverkey = server
    return socket
