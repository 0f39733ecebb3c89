"""The subcommands of ``scratchnn``: one module per command, each with ``register(subparsers)``
and ``run(args) -> int``. :mod:`scratchnn.cli` imports a module only when its command runs."""
