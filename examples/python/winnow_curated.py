#!/usr/bin/env python3
"""Reads Winnow's curated results from Kafka and writes them as JSON lines, one per training sample.

Reads `winnow.curated` (or another topic) with isolation.level=read_committed, so only results of
committed Flink checkpoints arrive: each training sample once. Decodes Avro single-object messages
(C3 01 | 8-byte CRC-64-AVRO fingerprint, little-endian | Avro binary) with the .avsc files alone: the
fingerprint picks the writer schema among the files, which is then resolved to the current
CuratedSample schema. Needs python3-confluent-kafka and python3-avro (Debian packages).

Each output line is a training example as a trainer wants it: the sample id and task, the label to
train on (Winnow's corrected label) and the weight to train with, beside what Winnow saw.
"""

import argparse
import datetime
import io
import json
import pathlib
import signal
import sys
import time

import avro.io
import avro.schema
from confluent_kafka import Consumer, KafkaError, KafkaException

SINGLE_OBJECT_MAGIC = b"\xc3\x01"
HEADER_LENGTH = 10
READER_SCHEMA = "io.winnow.schemas.avro.CuratedSample"
DEFAULT_SCHEMAS = pathlib.Path(__file__).resolve().parents[2] / "schemas" / "src" / "main" / "avro"

# CRC-64-AVRO (Rabin), as the Avro specification defines it: python3-avro 1.11 has the canonical
# form but no fingerprint, so the 64-bit table is built here.
_EMPTY = 0xC15D213AA4D7A795
_TABLE = []
for _i in range(256):
    _fp = _i
    for _ in range(8):
        _fp = (_fp >> 1) ^ (_EMPTY & -(_fp & 1))
    _TABLE.append(_fp)


_PRIMITIVES = {"null", "boolean", "int", "long", "float", "double", "bytes", "string"}


def parsing_canonical_form(schema) -> str:
    """The schema's Parsing Canonical Form, as Java writes it.

    python3-avro 1.11 leaves a logical type's primitive as {"type":"long"}, where the specification
    (and Java) reduce it to "long": that would change the fingerprint, so it is reduced here.
    """
    def reduce(node):
        if isinstance(node, dict):
            if set(node) == {"type"} and node["type"] in _PRIMITIVES:
                return node["type"]
            return {key: reduce(value) for key, value in node.items()}
        if isinstance(node, list):
            return [reduce(item) for item in node]
        return node

    return json.dumps(reduce(json.loads(schema.canonical_form)), separators=(",", ":"), ensure_ascii=False)


def fingerprint(schema) -> bytes:
    """The 8 bytes a single-object message carries for a schema: its Rabin fingerprint, little-endian."""
    fp = _EMPTY
    for byte in parsing_canonical_form(schema).encode("utf-8"):
        fp = (fp >> 8) ^ _TABLE[(fp ^ byte) & 0xFF]
    return fp.to_bytes(8, "little")


class CuratedDecoder:
    """Decodes single-object CuratedSample messages written with any schema version found in a folder."""

    def __init__(self, schema_folder: pathlib.Path):
        self.writers = {}
        self.reader = None
        for path in sorted(schema_folder.rglob("*.avsc")):
            schema = avro.schema.parse(path.read_text(encoding="utf-8"))
            self.writers[fingerprint(schema)] = schema
            if schema.fullname == READER_SCHEMA and path.parent == schema_folder:
                self.reader = schema
        if self.reader is None:
            raise SystemExit(f"no {READER_SCHEMA} schema in {schema_folder}")

    def decode(self, value: bytes) -> dict:
        if value is None or len(value) < HEADER_LENGTH or value[:2] != SINGLE_OBJECT_MAGIC:
            raise ValueError("not an Avro single-object message")
        writer = self.writers.get(value[2:HEADER_LENGTH])
        if writer is None:
            raise ValueError(f"unknown schema fingerprint {value[2:HEADER_LENGTH].hex()}")
        reader = avro.io.DatumReader(writer, self.reader)
        return reader.read(avro.io.BinaryDecoder(io.BytesIO(value[HEADER_LENGTH:])))


def training_example(sample: dict) -> dict:
    """One JSON line: what to train on first, then what Winnow saw."""
    def instant(value):
        if isinstance(value, datetime.datetime):
            return value.astimezone(datetime.timezone.utc).isoformat(timespec="milliseconds")
        return value

    return {
        "id": sample["id"],
        "task": sample["task"],
        "label": sample["correctedLabel"],
        "weight": sample["weight"],
        "label_distribution": sample["correctedDistribution"],
        "given_label": sample["givenLabel"],
        "label_changed": sample["givenLabel"] >= 0 and sample["correctedLabel"] != sample["givenLabel"],
        "loss": sample["loss"],
        "uncertainty": sample["uncertainty"],
        "model_version": sample["modelVersion"],
        "event_time": instant(sample["eventTime"]),
        "produced_at": instant(sample["producedAt"]),
    }


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bootstrap-servers", required=True, help="Kafka brokers, host:port[,host:port]")
    parser.add_argument("--topic", default="winnow.curated", help="the curated topic (default: %(default)s)")
    parser.add_argument("--group", default="winnow-python-consumer", help="consumer group (default: %(default)s)")
    parser.add_argument("--from-beginning", action="store_true",
                        help="start at the earliest offset when the group has no committed one (default: latest)")
    parser.add_argument("--schemas", type=pathlib.Path, default=DEFAULT_SCHEMAS,
                        help="folder of .avsc files, searched recursively (default: the repository's schemas)")
    parser.add_argument("--output", type=pathlib.Path, help="JSON-lines file to append to (default: standard output)")
    parser.add_argument("--max-records", type=int, default=0, help="stop after this many results; 0: no limit")
    parser.add_argument("--idle-timeout", type=float, default=0,
                        help="stop after this many seconds without a new result; 0: run until interrupted")
    parser.add_argument("-X", dest="properties", action="append", default=[], metavar="KEY=VALUE",
                        help="a librdkafka setting, e.g. -X security.protocol=SASL_SSL (repeatable)")
    return parser.parse_args(argv)


def consumer_settings(args) -> dict:
    settings = {
        "bootstrap.servers": args.bootstrap_servers,
        "group.id": args.group,
        "isolation.level": "read_committed",  # only results of committed checkpoints: each sample once
        "enable.auto.commit": False,  # offsets are committed after the lines are written
        "auto.offset.reset": "earliest" if args.from_beginning else "latest",
    }
    for pair in args.properties:
        key, separator, value = pair.partition("=")
        if not separator:
            raise SystemExit(f"-X wants KEY=VALUE, got {pair!r}")
        settings[key] = value
    return settings


def main(argv=None) -> int:
    args = parse_arguments(argv)
    decoder = CuratedDecoder(args.schemas)
    consumer = Consumer(consumer_settings(args))
    out = open(args.output, "a", encoding="utf-8") if args.output else sys.stdout
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    written = undecodable = 0
    last_record = time.monotonic()
    try:
        consumer.subscribe([args.topic])
        while not stopping and (args.max_records == 0 or written < args.max_records):
            messages = consumer.consume(num_messages=500, timeout=0.5)
            if not messages:
                if args.idle_timeout and time.monotonic() - last_record > args.idle_timeout:
                    break
                continue
            for message in messages:
                if message.error():
                    if message.error().code() == KafkaError._PARTITION_EOF:
                        continue
                    raise KafkaException(message.error())
                try:
                    sample = decoder.decode(message.value())
                except (ValueError, EOFError) as error:
                    undecodable += 1
                    print(f"{message.topic()}[{message.partition()}]@{message.offset()}: {error}", file=sys.stderr)
                    continue
                out.write(json.dumps(training_example(sample)) + "\n")
                written += 1
            out.flush()
            consumer.commit(asynchronous=False)
            last_record = time.monotonic()
    except KeyboardInterrupt:
        pass
    finally:
        consumer.close()
        if out is not sys.stdout:
            out.close()
    print(f"{written} curated samples written, {undecodable} undecodable", file=sys.stderr)
    return 1 if undecodable else 0


if __name__ == "__main__":
    sys.exit(main())
