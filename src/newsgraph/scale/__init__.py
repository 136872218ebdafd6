"""Beyond one machine: the pipeline's stages on Ray Data, Parquet out.

>>> stats = run_ray(["pages/"], "out/")  # doctest: +SKIP
>>> stats.articles_unique  # doctest: +SKIP
>>> load_output("out/", "newsgraph.db")  # doctest: +SKIP

Ray is imported when a run starts; without it :class:`~newsgraph.errors.MissingDependency`
names the extra to install (``pip install 'newsgraph[scale]'``).
"""

from newsgraph.scale.load import LoadStats, check_output, load_output
from newsgraph.scale.ray_runner import OUTPUTS, ScaleStats, run_ray

__all__ = ["OUTPUTS", "LoadStats", "ScaleStats", "check_output", "load_output", "run_ray"]
