"""A client of Python's `websockets` library, which offers permessage-deflate by default: it makes calls
and takes a group notification, noting whether each text frame it sent and received was compressed (RSV1),
and prints what it saw as one JSON line. Usage: websockets_peer.py ws://host:port/ws group"""

import asyncio
import json
import sys

import websockets
from websockets.extensions.permessage_deflate import PerMessageDeflate
from websockets.frames import Opcode

sent_compressed = []
received_compressed = []

_decode = PerMessageDeflate.decode
_encode = PerMessageDeflate.encode


def decode(self, frame, *, max_size=None):
    if frame.opcode == Opcode.TEXT:
        received_compressed.append(frame.rsv1)
    return _decode(self, frame, max_size=max_size)


def encode(self, frame):
    encoded = _encode(self, frame)
    if encoded.opcode == Opcode.TEXT:
        sent_compressed.append(encoded.rsv1)
    return encoded


PerMessageDeflate.decode = decode
PerMessageDeflate.encode = encode


def text(length):
    words = []
    i = 0
    while sum(len(w) + 1 for w in words) < length:
        words.append("word%d" % (i % 37))
        i += 1
    return " ".join(words)[:length]


async def main(url, group):
    async with websockets.connect(url, compression="deflate", max_size=2**22) as ws:
        answers = []
        for i in range(1, 4):
            await ws.send(json.dumps({"jsonrpc": "2.0", "method": "echo", "params": [text(3000)], "id": i}))
            answers.append(json.loads(await ws.recv()))
        await ws.send(json.dumps({"jsonrpc": "2.0", "method": "group.join", "params": [group], "id": 4}))
        answers.append(json.loads(await ws.recv()))
        await ws.send(json.dumps({"jsonrpc": "2.0", "method": "group.send", "params": [group, {"text": text(2000)}], "id": 5}))
        # The notification reaches a member that sent it before the call's answer.
        notification = json.loads(await ws.recv())
        answers.append(json.loads(await ws.recv()))
        print(json.dumps({
            "extensions": ws.response_headers.get("Sec-WebSocket-Extensions"),
            "echoed": [a.get("result") == text(3000) for a in answers[:3]],
            "answers": answers[3:],
            "notified": notification == {"jsonrpc": "2.0", "method": "notification.notif", "params": {"payload": {"text": text(2000)}}},
            "sentCompressed": sent_compressed,
            "receivedCompressed": received_compressed,
        }))


asyncio.run(main(sys.argv[1], sys.argv[2]))
