/**
 * From face scores to one video score: {@link dev.deepfake4j.aggregate.Aggregation} strategies, among them
 * the DFDC 1st place's confident strategy and the 3rd place's confidence-weighted mean.
 */
package dev.deepfake4j.aggregate;
