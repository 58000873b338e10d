#!/usr/bin/env python3
"""Prints each failed test of the given TRX files with the head of its message and stack trace.

test.sh prints this just before its summary line, so that the end of CI's output (often all that is kept) names the
failures; the full console log of each test run is above it.
"""
import sys
import xml.etree.ElementTree as ElementTree

NS = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}


def head(text, lines):
    kept = [line.rstrip() for line in (text or "").strip().splitlines()[:lines]]
    return "\n".join("      " + line for line in kept)


def main(paths):
    failures = 0
    for path in paths:
        try:
            root = ElementTree.parse(path).getroot()
        except (OSError, ElementTree.ParseError) as error:
            print(f"  (cannot read {path}: {error})")
            continue
        for result in root.iterfind(".//t:Results/t:UnitTestResult", NS):
            if result.get("outcome") not in ("Failed", "Error", "Timeout", "Aborted"):
                continue
            failures += 1
            print(f"  FAILED {result.get('testName')} [{result.get('duration')}]")
            for field, lines in (("Message", 6), ("StackTrace", 4)):
                text = head(result.findtext(f"t:Output/t:ErrorInfo/t:{field}", "", NS), lines)
                if text:
                    print(text)
    if failures:
        print(f"{failures} failed test(s) listed above")


if __name__ == "__main__":
    main(sys.argv[1:])
