"""The ward display backend, reduced to what the deployment needs: a port and /healthz."""

import http.server
import os
import sys


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"ok\n" if self.path == "/healthz" else b"wp-edge-core\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def smoke_test():
    # The first CUDA call is where a base image from another L4T release fails (L-003).
    import ctypes

    ctypes.CDLL("libcuda.so.1").cuInit(0)


if __name__ == "__main__":
    if "--smoke-test" in sys.argv:
        smoke_test()
    else:
        port = int(os.environ.get("PORT", "8080"))
        http.server.ThreadingHTTPServer(("0.0.0.0", port), Handler).serve_forever()
