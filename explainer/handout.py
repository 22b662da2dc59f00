"""``python -m explainer.handout``: the handout command, kept at its documented address."""

from explainer.app.handout import main

if __name__ == "__main__":
    raise SystemExit(main())
