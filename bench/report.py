"""`target NAME: VALUE (goal GOAL) PASS|FAIL` lines and the closing tally."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Target:
    name: str
    goal: float
    unit: str = ""
    at_most: bool = True  # the goal is a ceiling (latency, ratio of times) or a floor (rates)
    places: int = 2
    value: float | None = None
    missing: str = ""  # why there is no value

    def measured(self, value: float) -> Target:
        self.value = value
        return self

    def not_measured(self, reason: str) -> Target:
        self.missing = reason
        return self

    @property
    def passed(self) -> bool:
        if self.value is None:
            return False
        return self.value <= self.goal if self.at_most else self.value >= self.goal

    def _number(self, number: float) -> str:
        text = f"{number:,.{self.places}f}"
        return f"{text} {self.unit}" if self.unit else text

    def line(self) -> str:
        goal = f"{'<=' if self.at_most else '>='} {self._number(self.goal)}"
        value = self._number(self.value) if self.value is not None else (
            f"not measured ({self.missing})"
        )
        return f"target {self.name}: {value} (goal {goal}) {'PASS' if self.passed else 'FAIL'}"


def tally(targets: list[Target]) -> str:
    passed = sum(1 for target in targets if target.passed)
    return f"targets: {passed} PASS, {len(targets) - passed} FAIL"
