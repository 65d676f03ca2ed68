"""Every command's --help shows its words as written (no Rich markup eats `[stress]`, no
emoji code turns `a:b:step` into a picture), and asking for help loads no solver stack."""

import subprocess
import sys

import pytest
import typer.main
from typer.testing import CliRunner

from optimizer.cli import app

COMMANDS = typer.main.get_command(app).commands
HEAVY = ("pyomo", "highspy", "pandas", "matplotlib", "numpy", "openpyxl", "fastapi")


def _squeezed(text: str) -> str:
    """Without whitespace: help is re-wrapped, its characters are not."""
    return "".join(text.split())


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_help_shows_every_word_as_written(name):
    result = CliRunner().invoke(app, [name, "--help"])
    assert result.exit_code == 0, result.output
    shown = _squeezed(result.output)
    command = COMMANDS[name]
    texts = [command.help or "", *(p.help or "" for p in command.params if hasattr(p, "help"))]
    for text in texts:
        assert _squeezed(text) in shown, text
    assert "🅱" not in result.output


def test_the_words_rich_markup_used_to_eat():
    shown = {
        name: CliRunner().invoke(app, [name, "--help"]).output
        for name in ("stress", "solve", "sweep")
    }
    assert "[stress]" in shown["stress"] and "[robust]" in shown["solve"]
    assert "a:b:step" in shown["sweep"]


@pytest.mark.parametrize("args", [["--help"], *([name, "--help"] for name in sorted(COMMANDS))])
def test_help_loads_no_solver_stack(args):
    code = (
        "import sys\n"
        f"sys.argv = ['urbopt', *{args!r}]\n"
        "from optimizer.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
