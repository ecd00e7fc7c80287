package dev.rapport.badge.sim;

/**
 * Where people sit: groups of at most {@code peoplePerTable} around round tables, tables on a
 * square grid {@value #TABLE_SPACING_M} m apart. Consecutive badge ids share a table, and tables
 * are filled evenly (sizes differ by at most one). Distances drive how loud a voice is at the other
 * badges. Immutable.
 */
final class RoomLayout {
  static final double TABLE_SPACING_M = 4.0;

  /** Mouth to chest badge: a person's own voice reaches their badge from this distance. */
  static final double OWN_BADGE_DISTANCE_M = 0.2;

  private final int people;
  private final int tables;
  private final int[] tableOf;
  private final double[] xM;
  private final double[] yM;

  RoomLayout(int people, int peoplePerTable) {
    this.people = people;
    this.tables = tableCount(people, peoplePerTable);
    this.tableOf = new int[people];
    this.xM = new double[people];
    this.yM = new double[people];
    int columns = (int) StrictMath.ceil(StrictMath.sqrt(tables));
    for (int table = 0; table < tables; table++) {
      int first = firstOfTable(table);
      int size = firstOfTable(table + 1) - first;
      double centreX = (table % columns) * TABLE_SPACING_M;
      double centreY = (table / columns) * TABLE_SPACING_M;
      double radiusM = StrictMath.max(0.8, 0.3 + 0.15 * size);
      for (int seat = 0; seat < size; seat++) {
        int person = first + seat;
        double angle = 2.0 * StrictMath.PI * seat / size;
        tableOf[person] = table;
        xM[person] = centreX + radiusM * StrictMath.cos(angle);
        yM[person] = centreY + radiusM * StrictMath.sin(angle);
      }
    }
  }

  static int tableCount(int people, int peoplePerTable) {
    return (people + peoplePerTable - 1) / peoplePerTable;
  }

  /** Table of person index {@code person} (0-based) without building a layout. */
  static int tableOf(int person, int people, int peoplePerTable) {
    return (int) ((long) person * tableCount(people, peoplePerTable) / people);
  }

  /** First person index at {@code table}; {@code firstOfTable(tables)} is {@code people}. */
  int firstOfTable(int table) {
    // Inverse of tableOf: the smallest p with p * tables / people >= table.
    return (int) (((long) table * people + tables - 1) / tables);
  }

  int people() {
    return people;
  }

  int tables() {
    return tables;
  }

  int tableOf(int person) {
    return tableOf[person];
  }

  double xM(int person) {
    return xM[person];
  }

  double yM(int person) {
    return yM[person];
  }

  /** Distance from the mouth of {@code speaker} to the badge of {@code listener}. */
  double voiceDistanceM(int speaker, int listener) {
    if (speaker == listener) {
      return OWN_BADGE_DISTANCE_M;
    }
    double dx = xM[speaker] - xM[listener];
    double dy = yM[speaker] - yM[listener];
    return StrictMath.max(OWN_BADGE_DISTANCE_M, StrictMath.sqrt(dx * dx + dy * dy));
  }
}
