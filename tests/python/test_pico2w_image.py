"""The Pico 2 W image: every UF2 block targets the RP2350's Arm Secure family, and the flash
image starts with the IMAGE_DEF block the RP2350 boot ROM needs before it runs anything.

The real image exists only where the Pico SDK is installed (PICO_SDK_PATH). The UF2 and
IMAGE_DEF parsers are also tested on small images built here, so this file checks something
everywhere. Constants: UF2 spec (github.com/microsoft/uf2) and the RP2350 datasheet §5.9.
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass
from pathlib import Path

import pytest

from petite_models import BUILD

UF2_BLOCK = 512
UF2_MAGIC_START0 = 0x0A324655
UF2_MAGIC_START1 = 0x9E5D5157
UF2_MAGIC_END = 0x0AB16F30
UF2_PAYLOAD_MAX = 476
UF2_FLAG_NOT_MAIN_FLASH = 0x0001
UF2_FLAG_FAMILY_ID_PRESENT = 0x2000

FAMILY_ABSOLUTE = 0xE48BFF57
FAMILY_RP2350_ARM_S = 0xE48BFF59
FAMILY_RP2350_RISCV = 0xE48BFF5A

FLASH_BASE = 0x10000000
IMAGE_DEF_WINDOW = 4096  # the boot ROM looks for the first block in the first 4 KB of flash

BLOCK_MARKER_START = 0xFFFFDED3
BLOCK_MARKER_END = 0xAB123579
ITEM_IMAGE_TYPE = 0x42
ITEM_LAST = 0xFF
IMAGE_TYPE_EXE = 0x1
EXE_SECURITY_S = 2
EXE_CPU_ARM = 0
EXE_CHIP_RP2350 = 1


@dataclass(frozen=True)
class Uf2Block:
    index: int
    flags: int
    target: int
    block_no: int
    num_blocks: int
    family: int  # meaningful only when FAMILY_ID_PRESENT is set
    payload: bytes


def parse_uf2(data: bytes) -> list[Uf2Block]:
    """Splits a UF2 file into blocks, checking each block's framing."""
    if not data:
        raise ValueError("UF2: empty file")
    if len(data) % UF2_BLOCK:
        raise ValueError(f"UF2: size {len(data)} is not a multiple of {UF2_BLOCK}")
    blocks = []
    for i in range(len(data) // UF2_BLOCK):
        b = data[i * UF2_BLOCK : (i + 1) * UF2_BLOCK]
        m0, m1, flags, target, size, block_no, num_blocks, family = struct.unpack_from("<8I", b)
        (m_end,) = struct.unpack_from("<I", b, UF2_BLOCK - 4)
        if (m0, m1, m_end) != (UF2_MAGIC_START0, UF2_MAGIC_START1, UF2_MAGIC_END):
            raise ValueError(f"UF2 block {i}: bad magic numbers")
        if size > UF2_PAYLOAD_MAX:
            raise ValueError(f"UF2 block {i}: payload size {size} > {UF2_PAYLOAD_MAX}")
        if block_no >= num_blocks:
            raise ValueError(f"UF2 block {i}: block number {block_no} >= count {num_blocks}")
        blocks.append(Uf2Block(i, flags, target, block_no, num_blocks, family, b[32 : 32 + size]))
    return blocks


def family_problems(blocks: list[Uf2Block]) -> list[str]:
    """Names every block that would not go to an RP2350 running Arm Secure code.

    The SDK puts one absolute-family block first (RP2350-E10 erratum workaround: it makes the
    boot ROM drop a partially written earlier download); that one is allowed, nothing else."""
    problems = []
    arm_s = 0
    for b in blocks:
        if not b.flags & UF2_FLAG_FAMILY_ID_PRESENT:
            problems.append(f"block {b.index}: no family id")
        elif b.family == FAMILY_RP2350_ARM_S:
            arm_s += 1
        elif b.family == FAMILY_ABSOLUTE and b.index == 0:
            pass
        else:
            problems.append(f"block {b.index}: family {b.family:#010x}, not rp2350-arm-s")
    if arm_s == 0:
        problems.append("no rp2350-arm-s block at all")
    return problems


def flash_bytes(blocks: list[Uf2Block], start: int, length: int) -> bytes:
    """The rp2350-arm-s payload over [start, start + length); unwritten bytes read 0xff."""
    out = bytearray(b"\xff" * length)
    for b in blocks:
        if b.family != FAMILY_RP2350_ARM_S or b.flags & UF2_FLAG_NOT_MAIN_FLASH:
            continue
        lo, hi = max(b.target, start), min(b.target + len(b.payload), start + length)
        if lo < hi:
            out[lo - start : hi - start] = b.payload[lo - b.target : hi - b.target]
    return bytes(out)


def find_image_def(flash: bytes) -> dict[str, int] | None:
    """First well-formed block holding an IMAGE_TYPE item: START, items, LAST item, link, END.
    Returns its offset and image-type flags, or None."""
    for off in range(0, len(flash) - 3, 4):
        if struct.unpack_from("<I", flash, off)[0] != BLOCK_MARKER_START:
            continue
        pos, image_flags = off + 4, None
        while pos + 4 <= len(flash):
            kind = flash[pos]
            if kind == ITEM_LAST:
                words = int.from_bytes(flash[pos + 1 : pos + 3], "little")
                end = pos + 8  # LAST item word, then the relative link to the next block
                if (
                    words == (pos - off - 4) // 4
                    and end + 4 <= len(flash)
                    and struct.unpack_from("<I", flash, end)[0] == BLOCK_MARKER_END
                    and image_flags is not None
                ):
                    return {"offset": off, "flags": image_flags}
                break
            # Item types with bit 7 set have a 2-byte size, the others a 1-byte size (in words).
            size = flash[pos + 1 : pos + 3] if kind & 0x80 else flash[pos + 1 : pos + 2]
            words = int.from_bytes(size, "little")
            if words == 0:
                break
            if kind == ITEM_IMAGE_TYPE:
                image_flags = int.from_bytes(flash[pos + 2 : pos + 4], "little")
            pos += 4 * words
    return None


# ---- synthetic images: the parsers themselves ----


def make_block(
    target: int,
    payload: bytes,
    family: int,
    block_no: int,
    num_blocks: int,
    flags: int = UF2_FLAG_FAMILY_ID_PRESENT,
) -> bytes:
    head = struct.pack(
        "<8I", UF2_MAGIC_START0, UF2_MAGIC_START1, flags, target, len(payload),
        block_no, num_blocks, family,
    )
    return head + payload.ljust(UF2_PAYLOAD_MAX, b"\0") + struct.pack("<I", UF2_MAGIC_END)


def image_def_block(image_flags: int) -> bytes:
    items = struct.pack("<BBH", ITEM_IMAGE_TYPE, 1, image_flags)
    last = struct.pack("<BHB", ITEM_LAST, len(items) // 4, 0)
    return struct.pack("<I", BLOCK_MARKER_START) + items + last + struct.pack("<iI", 0, BLOCK_MARKER_END)


EXE_ARM_RP2350 = IMAGE_TYPE_EXE | (EXE_CPU_ARM << 8) | (EXE_CHIP_RP2350 << 12)


def synthetic_uf2(
    image_def_at: int = 0x20, family: int = FAMILY_RP2350_ARM_S, erratum: bool = True
) -> bytes:
    page0 = bytearray(b"\0" * 256)
    blk = image_def_block(EXE_ARM_RP2350)
    page0[image_def_at : image_def_at + len(blk)] = blk
    out = make_block(0x10FFFF00, b"\xef" * 256, FAMILY_ABSOLUTE, 0, 2) if erratum else b""
    out += make_block(FLASH_BASE, bytes(page0), family, 0, 2)
    out += make_block(FLASH_BASE + 256, b"\x11" * 256, family, 1, 2)
    return out


def test_parser_reads_a_synthetic_uf2() -> None:
    blocks = parse_uf2(synthetic_uf2())
    assert [(b.target, b.block_no) for b in blocks] == [
        (0x10FFFF00, 0),
        (FLASH_BASE, 0),
        (FLASH_BASE + 256, 1),
    ]
    assert family_problems(blocks) == []
    flash = flash_bytes(blocks, FLASH_BASE, IMAGE_DEF_WINDOW)
    assert flash[256:512] == b"\x11" * 256 and flash[512:] == b"\xff" * (IMAGE_DEF_WINDOW - 512)
    assert find_image_def(flash) == {"offset": 0x20, "flags": EXE_ARM_RP2350}


def test_parser_rejects_broken_framing() -> None:
    good = synthetic_uf2()
    with pytest.raises(ValueError, match="multiple of 512"):
        parse_uf2(good[:-1])
    with pytest.raises(ValueError, match="block 1: bad magic"):
        parse_uf2(good[:512] + b"\0" + good[513:])
    too_big = bytearray(good)
    struct.pack_into("<I", too_big, 512 + 16, UF2_PAYLOAD_MAX + 1)
    with pytest.raises(ValueError, match="payload size 477"):
        parse_uf2(bytes(too_big))


def test_family_check_names_foreign_blocks() -> None:
    riscv = parse_uf2(synthetic_uf2(family=FAMILY_RP2350_RISCV))
    assert family_problems(riscv) == [
        "block 1: family 0xe48bff5a, not rp2350-arm-s",
        "block 2: family 0xe48bff5a, not rp2350-arm-s",
        "no rp2350-arm-s block at all",
    ]
    # An absolute-family block anywhere but first is not the erratum block.
    stray = make_block(0x10FFFF00, b"", FAMILY_ABSOLUTE, 0, 1)
    blocks = parse_uf2(synthetic_uf2(erratum=False) + stray)
    assert family_problems(blocks) == ["block 2: family 0xe48bff57, not rp2350-arm-s"]


def test_image_def_must_be_whole_and_early() -> None:
    def image_def_of(uf2: bytes) -> dict[str, int] | None:
        return find_image_def(flash_bytes(parse_uf2(uf2), FLASH_BASE, IMAGE_DEF_WINDOW))

    assert image_def_of(synthetic_uf2(image_def_at=0x40)) == {"offset": 0x40, "flags": EXE_ARM_RP2350}
    broken = bytearray(synthetic_uf2())
    end_at = 512 + 32 + 0x20 + 16  # the END marker inside the first flash block's payload
    struct.pack_into("<I", broken, end_at, 0)
    assert image_def_of(bytes(broken)) is None
    # Beyond the first 4 KB the boot ROM never sees it.
    late = image_def_block(EXE_ARM_RP2350)
    assert image_def_of(make_block(FLASH_BASE + IMAGE_DEF_WINDOW, late, FAMILY_RP2350_ARM_S, 0, 1)) is None


# ---- the real image ----


def pico_images() -> list[Path]:
    return sorted((BUILD / "pico2w").glob("*.uf2"))


def test_pico2w_image_is_rp2350_arm_s_with_image_def() -> None:
    images = pico_images()
    if not images:
        if os.environ.get("PICO_SDK_PATH"):
            pytest.fail("PICO_SDK_PATH is set but no pico2w/*.uf2 was built (make pico2w)")
        pytest.skip("no Pico 2 W image: PICO_SDK_PATH is not set, so the pico2w build was skipped")
    for image in images:
        blocks = parse_uf2(image.read_bytes())
        assert family_problems(blocks) == [], image
        found = find_image_def(flash_bytes(blocks, FLASH_BASE, IMAGE_DEF_WINDOW))
        assert found is not None, f"{image}: no IMAGE_DEF block in the first 4 KB of flash"
        assert found["flags"] & 0xF == IMAGE_TYPE_EXE, f"{image}: IMAGE_DEF is not an executable"
        assert (found["flags"] >> 4) & 0x3 == EXE_SECURITY_S, f"{image}: IMAGE_DEF is not Secure"
        assert (found["flags"] >> 8) & 0x7 == EXE_CPU_ARM, f"{image}: IMAGE_DEF is not for Arm"
        assert (found["flags"] >> 12) & 0x7 == EXE_CHIP_RP2350, f"{image}: IMAGE_DEF is not for RP2350"


# ---- the stack: one number for `petite fit` and the image ----

REPO = Path(__file__).resolve().parents[2]


def fit_stack_bytes() -> int:
    import re

    m = re.search(r"^#define FIT_STACK_BYTES (\d+)u", (REPO / "tools" / "fit_sizes.h").read_text(), re.M)
    assert m, "tools/fit_sizes.h has no FIT_STACK_BYTES: regenerate it (make fit-sizes)"
    return int(m.group(1))


def test_fit_assumes_the_stack_the_image_reserves() -> None:
    """`petite fit`'s stack is FIT_STACK_BYTES, which the Pico 2 W build reads from the same file,
    and it covers petite's measured need on the M33 with room to spare."""
    import json
    import re
    import subprocess

    stack = fit_stack_bytes()
    fit = subprocess.run([str(BUILD / "host" / "tools" / "petite"), "fit", str(BUILD / "models" / "sine_model.pte"),
                          "--board", "pico2w", "--json"], capture_output=True, text=True, check=True)
    assert json.loads(fit.stdout)["sram"]["stack"] == stack
    cmake = (REPO / "firmware" / "boards" / "pico2w" / "CMakeLists.txt").read_text()
    assert re.search(r"file\(STRINGS \$\{PETITE_ROOT\}/tools/fit_sizes\.h \w+ REGEX \"\^#define FIT_STACK_BYTES", cmake)
    assert "PETITE_STACK_BYTES=${PETITE_STACK_BYTES}" in cmake and "--wrap=main" in cmake
    measured = int(re.search(r"^#define FIT_STACK_MEASURED (\d+)u", (REPO / "tools" / "fit_sizes.h").read_text(),
                             re.M).group(1))
    assert measured * 1.25 <= stack <= measured * 2 + 1024


def test_pico2w_image_reserves_and_guards_that_stack() -> None:
    """In the built image: a petite_stack of FIT_STACK_BYTES in RAM, crt0's main call going
    through __wrap_main, which sets MSPLIM at its bottom and moves MSP onto it."""
    import re
    import subprocess

    elf = BUILD / "pico2w" / "petite_pico2w.elf"
    if not elf.is_file():
        if os.environ.get("PICO_SDK_PATH"):
            pytest.fail(f"PICO_SDK_PATH is set but {elf} was not built (make pico2w)")
        pytest.skip("no Pico 2 W image: PICO_SDK_PATH is not set, so the pico2w build was skipped")
    nm = subprocess.run(["arm-none-eabi-nm", "-S", str(elf)], capture_output=True, text=True, check=True).stdout
    syms = {p[-1]: p for p in (line.split() for line in nm.splitlines())}
    assert "petite_stack" in syms and int(syms["petite_stack"][1], 16) == fit_stack_bytes()
    assert 0x20000000 <= int(syms["petite_stack"][0], 16) < 0x20080000, "petite_stack is not in main RAM"
    assert "__wrap_main" in syms and "__real_main" not in syms
    dis = subprocess.run(["arm-none-eabi-objdump", "-d", "--disassemble=__wrap_main", str(elf)],
                         capture_output=True, text=True, check=True).stdout.lower()
    assert re.search(r"msr\s+msplim, r0", dis) and re.search(r"msr\s+msp, r0", dis), dis
    reset = subprocess.run(["arm-none-eabi-objdump", "-d", "--disassemble=_reset_handler", str(elf)],
                           capture_output=True, text=True, check=True).stdout
    wrap = int(syms["__wrap_main"][0], 16)
    # crt0 calls main with `bl main` or through a literal (ldr r1, =main; blx r1): Thumb address | 1
    assert "<__wrap_main>" in reset or f".word\t0x{wrap | 1:08x}" in reset, \
        "crt0 does not call main through __wrap_main"
