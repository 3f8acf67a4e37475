"""Competency frameworks, evidence, ratings, training-needs analysis and learner maps.

Services (writes) in ``services``, selectors (reads) in ``selectors``, rating rules in
``rules``, SVG charts in ``charts``, Moodle CSV and CASE JSON in ``interchange``.
"""
