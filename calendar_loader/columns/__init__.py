"""Columns: a calendar sheet as typed becomes posts under the field names of `table`.

Header aliases, other tools' bulk templates (presets) and a team's mapping file name the
column that feeds each field. `init-map` writes a starting mapping file.
"""

from calendar_loader.columns.mapper import map_columns
from calendar_loader.columns.mapping import Mapping
from calendar_loader.columns.mapping_file import MAPPING_FILE_NAMES, find_mapping_file, load_mapping
from calendar_loader.columns.presets import PresetInfo, list_presets
from calendar_loader.columns.starting_map import write_starting_map

__all__ = [
    "MAPPING_FILE_NAMES",
    "Mapping",
    "PresetInfo",
    "find_mapping_file",
    "list_presets",
    "load_mapping",
    "map_columns",
    "write_starting_map",
]
