/**
 * Reading PyTorch checkpoints ({@code torch.save} files, zip and legacy formats) into float32 tensors without
 * Python or PyTorch, through an unpickler restricted to what a state dict needs: a checkpoint is untrusted input
 * and nothing in it is ever executed. {@link dev.deepfake4j.models.torch.TorchCheckpoint} is the entry point;
 * importers such as {@code dev.deepfake4j.models.efficientnet} turn the tensors into ONNX graphs.
 */
package dev.deepfake4j.models.torch;
