# SPDX-License-Identifier: MIT
"""Where an SVG's labels are: one box per <text>, from its position,
anchor, rotation and an estimated width (characters x font size x 0.6,
a little wide for sans and exact for monospace), for checking that no two
labels overlap and none is cut by the picture's edge (tests/tools/
test_chart_labels.py checks tools/trace's and tools/compare's charts).

Understood: x/y on <text> and its first <tspan>, translate() and
rotate() on enclosing <g> and <text>, font-size and
text-anchor as attributes or in style="", inherited. That is what
gnuplot's SVG terminal and tools/trace write; anything else raises."""

import math
import re
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
WIDTH = 0.6         # of the font size, per character
ASCENT, DESCENT = 0.8, 0.25


def _style(el, name):
    v = el.get(name)
    if v is None:
        m = re.search(r"(?:^|;)\s*%s\s*:\s*([^;]+)" % name,
                      el.get("style", ""))
        v = m.group(1).strip() if m else None
    return v


def _num(v):
    return float(re.match(r"-?[\d.]+(?:e-?\d+)?", v.strip()).group(0))


def _transform(v):
    """translate/rotate list -> a 2x3 affine matrix (a, b, c, d, e, f)."""
    m = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    for op, args in re.findall(r"(\w+)\s*\(([^)]*)\)", v or ""):
        a = [float(x) for x in re.split(r"[\s,]+", args.strip()) if x]
        if op == "translate":
            t = (1, 0, 0, 1, a[0], a[1] if len(a) > 1 else 0.0)
        elif op == "rotate" and len(a) == 1:
            r = math.radians(a[0])
            c, s = math.cos(r), math.sin(r)
            t = (c, s, -s, c, 0, 0)
        else:
            raise ValueError("svgtext: transform %s(%s) not understood"
                             % (op, args))
        m = _mul(m, t)
    return m


def _mul(m, t):
    a, b, c, d, e, f = m
    A, B, C, D, E, F = t
    return (a * A + c * B, b * A + d * B, a * C + c * D, b * C + d * D,
            a * E + c * F + e, b * E + d * F + f)


def _apply(m, x, y):
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def text_boxes(svg_text):
    """[(label, x0, y0, x1, y1)] in the picture's coordinates."""
    root = ET.fromstring(svg_text)
    out = []

    def walk(el, m, size, anchor):
        m = _mul(m, _transform(el.get("transform")))
        fs = _style(el, "font-size")
        size = _num(fs) if fs else size
        anchor = _style(el, "text-anchor") or anchor
        if el.tag == SVG + "text":
            label = "".join(el.itertext())
            if label.strip():
                x, y = el.get("x"), el.get("y")
                first = el.find(SVG + "tspan")
                if x is None and first is not None:
                    x, y = first.get("x"), first.get("y")
                x, y = _num(x or "0"), _num(y or "0")
                w = len(label) * size * WIDTH
                x0 = {"middle": x - w / 2, "end": x - w}.get(anchor, x)
                corners = [_apply(m, px, py) for px in (x0, x0 + w)
                           for py in (y - ASCENT * size, y + DESCENT * size)]
                xs, ys = [c[0] for c in corners], [c[1] for c in corners]
                out.append((label, min(xs), min(ys), max(xs), max(ys)))
            return
        for child in el:
            if child.tag in (SVG + "title", SVG + "desc", SVG + "defs"):
                continue
            walk(child, m, size, anchor)

    walk(root, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), 16.0, "start")
    return out


def size(svg_text):
    """(width, height): the viewBox's, else the width and height."""
    root = ET.fromstring(svg_text)
    box = root.get("viewBox")
    if box:
        x, y, w, h = [float(v) for v in re.split(r"[\s,]+", box.strip())]
        return w, h
    return _num(root.get("width")), _num(root.get("height"))


def overlaps(boxes, slack=0.5):
    """Pairs of labels whose boxes intersect (by more than @slack px)."""
    bad = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if a[1] + slack < b[3] and b[1] + slack < a[3] and \
                    a[2] + slack < b[4] and b[2] + slack < a[4]:
                bad.append((a, b))
    return bad


def outside(boxes, width, height, slack=0.5):
    """Labels cut by the picture's edge."""
    return [b for b in boxes if b[1] < -slack or b[2] < -slack or
            b[3] > width + slack or b[4] > height + slack]
