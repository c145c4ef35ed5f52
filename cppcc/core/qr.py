"""QR codes drawn on the server as inline SVG (segno: pure Python), for a phone's camera to read:
the meeting check-in code and the second factor's enrolment."""

import io

import segno


def qr_svg(text: str) -> str:
    """The QR code of ``text`` as an inline ``<svg>`` element (no XML declaration), scaled by CSS."""
    out = io.BytesIO()
    segno.make(text, error="m").save(
        out, kind="svg", xmldecl=False, svgns=True, nl=False, omitsize=True, border=2, dark="#000"
    )
    return out.getvalue().decode()
