"""Settings the browser saves (theme, keys) land in the config file, other lines kept."""

from __future__ import annotations

from pathlib import Path

from paperterm.index.config import load_config, save_setting


def test_a_setting_is_added_then_replaced(tmp_path: Path) -> None:
    path = tmp_path / "conf" / "config.toml"
    save_setting("ui", "theme", "nord", path)
    save_setting("ui", "theme", "gruvbox", path)
    save_setting("keys", "bookmark", "B", path)
    config = load_config(path)
    assert config.ui == {"theme": "gruvbox"} and config.keys == {"bookmark": "B"}


def test_comments_and_feeds_survive(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('# mine\n[ui]\ntheme = "nord"  # dark\n\n[[feeds]]\nurl = "http://x"\n')
    save_setting("ui", "mark_read", "open", path)
    text = path.read_text()
    assert text.startswith("# mine\n") and 'theme = "nord"  # dark' in text
    config = load_config(path)
    assert config.ui == {"theme": "nord", "mark_read": "open"}
    assert config.feeds == [{"url": "http://x"}] and not config.problems
