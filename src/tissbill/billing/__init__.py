"""The application layer behind ``tissbill build``, ``info`` and ``report``.

- :mod:`~tissbill.billing.inputs`: JSON/YAML documents read safely into plain data;
- :mod:`~tissbill.billing.csv_input`: the CSV export of a hospital system, row by row;
- :mod:`~tissbill.billing.workflow`: inputs in, guias selected by period and status, lotes out,
  with everything left out accounted for;
- :mod:`~tissbill.billing.builder`: guias grouped into lotes, numbered, totalled and hashed;
- :mod:`~tissbill.billing.recurso`: the glosas chosen from a demonstrativo, as a recurso de
  glosa in the operadora's TISS version, totalled, justified and hashed;
- :mod:`~tissbill.billing.summary`: what a written lote holds, for ``info`` and ``report``.

It sits on top of the models, the XML layer and the validator, and below the CLI.
"""
