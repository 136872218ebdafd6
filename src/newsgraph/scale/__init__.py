"""Beyond one machine: the pipeline's stages on Ray Data, Parquet out.

>>> stats = run_ray(["pages/"], "out/")  # doctest: +SKIP
>>> stats.articles_unique  # doctest: +SKIP

Ray is imported when a run starts; without it :class:`~newsgraph.errors.MissingDependency`
names the extra to install (``pip install 'newsgraph[scale]'``).
"""

from newsgraph.scale.ray_runner import OUTPUTS, ScaleStats, run_ray

__all__ = ["OUTPUTS", "ScaleStats", "run_ray"]
