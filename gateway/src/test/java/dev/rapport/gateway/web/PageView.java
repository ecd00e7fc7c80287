package dev.rapport.gateway.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the dashboard showed at one instant, read in a single script so that nothing re-rendered
 * between two reads (the page redraws its tables and the room several times a second).
 *
 * @param badgeRows per badge row: its {@code data-badge}, then the text of each cell
 * @param topRows per top-dyad row: its {@code data-dyad}, then the text of each cell
 * @param lineScores per dyad line in the room: {@code data-score}
 * @param charts per chart canvas id: the dyad it shows, the points it drew, and how many of its
 *     pixels are in the series colour (proof that something was plotted)
 */
record PageView(
    long viewportWidthPx,
    String connection,
    long updates,
    long connections,
    List<List<String>> badgeRows,
    List<String> nodeBadges,
    Map<String, String> lineScores,
    int distinctLineColours,
    int arrows,
    List<List<String>> topRows,
    String dyadName,
    String dyadTalk,
    Map<String, Chart> charts,
    long speakingPixels,
    String markers,
    String markerResult) {

  record Chart(String dyad, long points, long seriesPixels) {}

  boolean live() {
    return connection.equals("live");
  }

  /** The score cells of the top-dyads table, by dyad. */
  Map<String, String> topScores() {
    Map<String, String> scores = new LinkedHashMap<>();
    topRows.forEach(r -> scores.put(r.get(0), r.get(2)));
    return scores;
  }
}
