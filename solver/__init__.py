"""stageplan: plan and check the internship placements of French BTS programmes."""

__version__ = "0.1.0"
